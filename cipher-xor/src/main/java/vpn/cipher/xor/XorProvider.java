package vpn.cipher.xor;

import java.util.List;
import vpn.api.CipherProvider;
import vpn.api.KnownAnswer;
import vpn.api.Direction;
import vpn.api.SessionCipher;

/**
 * Repeating-key XOR: byte {@code i} of a direction's stream (counted from the start of the
 * session, across messages) is XORed with {@code key[i mod key.length]}. Works on single bytes,
 * so there is no padding and the IV is not used. Encryption and decryption are the same
 * operation.
 *
 * <p>Insecure by construction: two bytes a key length apart leak their XOR, and a known
 * plaintext reveals the key. The core negotiates it only when nothing better is shared.
 */
public final class XorProvider implements CipherProvider {

    @Override
    public String name() {
        return "XOR";
    }

    @Override
    public List<Integer> keySizes() {
        return List.of(256);
    }

    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public boolean insecure() {
        return true;
    }

    /** Our own definition, worked by hand: "abcd" under key 01 02 continues the key stream across calls. */
    @Override
    public List<KnownAnswer> knownAnswers() {
        return List.of(KnownAnswer.ofHex("docs/protocol-classic.md, XOR", "0102", "00", "61626364", "60606266"));
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        if (key.length == 0) {
            throw new IllegalArgumentException("XOR needs a non-empty key");
        }
        return new RepeatingKeyXor(key.clone());
    }

    /** Keeps the key-stream position across calls, as the {@link SessionCipher} contract asks. */
    private static final class RepeatingKeyXor implements SessionCipher {
        private final byte[] key;
        private int position;

        RepeatingKeyXor(byte[] key) {
            this.key = key;
        }

        @Override
        public void process(byte[] input, int inputOffset, int length, byte[] output, int outputOffset) {
            for (int i = 0; i < length; i++) {
                output[outputOffset + i] = (byte) (input[inputOffset + i] ^ key[position]);
                position = (position + 1) % key.length;
            }
        }
    }
}
