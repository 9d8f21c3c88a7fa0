package vpn.api;

/**
 * One direction of one epoch's authenticated cipher (AEAD), for secure mode's records: each call
 * seals or opens one whole record under its own nonce.
 *
 * <p>The core never repeats a nonce under one key: it derives each from the record's sequence
 * number. Instances are not thread-safe; a session uses each from one thread at a time.
 */
public interface AeadCipher {

    /** Bytes of the authentication tag that follows the ciphertext. */
    int TAG_LENGTH = 16;

    /** Bytes of the nonce. */
    int NONCE_LENGTH = 12;

    /**
     * Encrypts {@code length} bytes of {@code input} and writes the ciphertext followed by the
     * {@link #TAG_LENGTH}-byte tag into {@code output}: {@code length + TAG_LENGTH} bytes. The
     * output must not overlap the input.
     */
    void seal(byte[] nonce, byte[] associatedData, byte[] input, int inputOffset, int length,
            byte[] output, int outputOffset);

    /**
     * Verifies {@code length} bytes of {@code input} (ciphertext, then tag) and, only if the tag
     * is right, writes the {@code length - TAG_LENGTH} bytes of plaintext into {@code output}.
     *
     * @return false if the tag does not verify; nothing was written then
     */
    boolean open(byte[] nonce, byte[] associatedData, byte[] input, int inputOffset, int length,
            byte[] output, int outputOffset);
}
