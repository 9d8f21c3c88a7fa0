package vpn.api;

import java.util.HexFormat;

/**
 * A published test vector for an authenticated cipher: {@code sealed} is the ciphertext followed
 * by the tag.
 */
public record AeadKnownAnswer(String source, byte[] key, byte[] nonce, byte[] associatedData, byte[] plaintext,
        byte[] sealed) {

    public AeadKnownAnswer {
        if (sealed.length != plaintext.length + AeadCipher.TAG_LENGTH) {
            throw new IllegalArgumentException(source + ": the sealed bytes must be the plaintext's length plus the tag");
        }
        if (nonce.length != AeadCipher.NONCE_LENGTH) {
            throw new IllegalArgumentException(source + ": the nonce must be " + AeadCipher.NONCE_LENGTH + " bytes");
        }
    }

    /** A vector written in hex, as standards print them. */
    public static AeadKnownAnswer ofHex(String source, String key, String nonce, String associatedData,
            String plaintext, String sealed) {
        HexFormat hex = HexFormat.of();
        return new AeadKnownAnswer(source, hex.parseHex(key), hex.parseHex(nonce), hex.parseHex(associatedData),
                hex.parseHex(plaintext), hex.parseHex(sealed));
    }
}
