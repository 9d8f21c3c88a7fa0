package vpn.api;

/**
 * One direction of one session's cipher: a stateful transform over whole blocks.
 *
 * <p>The state (for a block cipher, the CBC chain; for a stream-like cipher, the key-stream
 * position) carries over from one call to the next, so consecutive calls behave exactly like
 * one call over the concatenated input. The classic protocol relies on this: the IV of message
 * <i>n+1</i> is the last ciphertext block of message <i>n</i>.
 *
 * <p>Instances are not thread-safe; a session uses each from one thread at a time.
 */
@FunctionalInterface
public interface SessionCipher {

    /**
     * Encrypts or decrypts {@code length} bytes of {@code input} into {@code output}.
     *
     * <p>The core only ever passes whole blocks and large enough buffers; input and output may
     * be the same array at the same offset.
     *
     * @param length a multiple of the provider's {@link CipherProvider#blockSize() block size}
     */
    void process(byte[] input, int inputOffset, int length, byte[] output, int outputOffset);
}
