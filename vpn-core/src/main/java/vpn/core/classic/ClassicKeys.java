package vpn.core.classic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import vpn.api.CipherProvider;

/**
 * The classic protocol's session key and IV, derived from the shared key's hex text.
 *
 * <p>The rule (see docs/protocol-classic.md): {@code sharedKey} is the lowercase hex of SHA-256 of
 * the DH secret; the key is the ASCII bytes of its first {@code keySize / 8} characters, zero-padded
 * to the provider's {@link CipherProvider#keyLength(int) key length}; the IV is the ASCII bytes of
 * its last {@link CipherProvider#blockSize() block size} characters. The key also keys the HMAC.
 * Weak by design (half the entropy per key byte, a fixed IV, one key for two jobs): kept only for
 * compatibility with the classic peers.
 */
public final class ClassicKeys {

    private final byte[] key;
    private final byte[] iv;

    private ClassicKeys(byte[] key, byte[] iv) {
        this.key = key;
        this.iv = iv;
    }

    /** The 64-character lowercase hex of SHA-256 over the shared secret's bytes. */
    public static String sharedKeyHex(byte[] sharedSecret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(sharedSecret));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Derives key and IV for {@code provider} at {@code keySize} bits.
     *
     * @param sharedKey the hex text; the course's own tests also use shorter strings
     */
    public static ClassicKeys derive(String sharedKey, CipherProvider provider, int keySize) {
        int keyChars = keySize / 8;
        int block = provider.blockSize();
        if (keyChars > sharedKey.length() || block > sharedKey.length()) {
            throw new IllegalArgumentException("a " + sharedKey.length() + "-character shared key cannot give "
                    + keyChars + " key and " + block + " IV characters");
        }
        byte[] ascii = sharedKey.getBytes(StandardCharsets.US_ASCII);
        byte[] key = Arrays.copyOf(ascii, Math.max(keyChars, provider.keyLength(keySize)));
        Arrays.fill(key, keyChars, key.length, (byte) 0);
        byte[] iv = Arrays.copyOfRange(ascii, ascii.length - block, ascii.length);
        return new ClassicKeys(key, iv);
    }

    /** The cipher (and HMAC) key; a copy. */
    public byte[] key() {
        return key.clone();
    }

    /** The IV; a copy. */
    public byte[] iv() {
        return iv.clone();
    }

    @Override
    public String toString() {
        return "ClassicKeys[" + key.length + "-byte key, " + iv.length + "-byte IV: (hidden)]";
    }
}
