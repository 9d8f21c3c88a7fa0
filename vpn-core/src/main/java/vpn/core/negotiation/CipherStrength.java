package vpn.core.negotiation;

import java.util.Comparator;
import vpn.api.CipherProvider;

/**
 * How secure mode ranks ciphers: by strength, not by key length. A 128-bit block (AES, Camellia)
 * beats a 64-bit one (Blowfish, Triple DES: birthday-bound attacks such as Sweet32 need only
 * 2^32 blocks), which beats a byte-wise "cipher"; within a class, the longer key wins.
 */
public final class CipherStrength {

    /** Keys shorter than this (DES's 56 bits) are searchable today. */
    static final int MIN_KEY_BITS = 112;

    private CipherStrength() {
    }

    /**
     * Ciphers secure mode offers only when the user names them ({@code --ciphers}): those that do
     * not really encrypt (XOR, None) and those whose every key is too short (DES).
     */
    public static boolean weak(CipherProvider provider) {
        return provider.insecure() || provider.keySizes().stream().allMatch(size -> size < MIN_KEY_BITS);
    }

    /**
     * 3 for authenticated ciphers (AES-GCM: one pass, no CBC chain to predict, and the fastest),
     * 2 for blocks of 128 bits or more, 1 for 64-bit blocks; 0 for smaller blocks and for keys too
     * short to resist a search; -1 for ciphers that do not encrypt.
     */
    static int blockClass(CipherProvider provider) {
        if (provider.insecure()) {
            return -1;
        }
        if (weak(provider)) {
            return 0;
        }
        if (provider.aead()) {
            return 3;
        }
        return provider.blockSize() >= 16 ? 2 : provider.blockSize() >= 8 ? 1 : 0;
    }

    /** Strongest first: by block class, then by the largest key size. */
    public static final Comparator<CipherProvider> STRONGEST_FIRST =
            Comparator.comparingInt(CipherStrength::blockClass)
                    .thenComparingInt(p -> p.keySizes().stream().mapToInt(Integer::intValue).max().orElse(0))
                    .reversed();
}
