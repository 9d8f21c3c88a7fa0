package vpn.api;

import java.util.HexFormat;

/**
 * A published test vector for a provider's cipher in the mode it runs (CBC for block ciphers):
 * encrypting {@code plaintext} under {@code key} and {@code iv} must give {@code ciphertext}.
 * The core runs every vector of a provider before it offers the cipher to a peer.
 *
 * <p>The arrays are the vector's own; the core only reads them.
 *
 * @param source where the vector comes from (e.g. "NIST SP 800-38A F.2.1"), for error messages
 * @param plaintext a whole number of blocks; several, where the source has them, so the chaining is exercised
 */
public record KnownAnswer(String source, byte[] key, byte[] iv, byte[] plaintext, byte[] ciphertext) {

    public KnownAnswer {
        if (plaintext.length != ciphertext.length) {
            throw new IllegalArgumentException(source + ": plaintext and ciphertext lengths differ");
        }
    }

    /** A vector written in hex, as standards print them. */
    public static KnownAnswer ofHex(String source, String key, String iv, String plaintext, String ciphertext) {
        HexFormat hex = HexFormat.of();
        return new KnownAnswer(source, hex.parseHex(key), hex.parseHex(iv), hex.parseHex(plaintext), hex.parseHex(ciphertext));
    }
}
