package vpn.core.classic;

import java.util.Arrays;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.SessionCipher;

/**
 * Seals the client's messages: zero padding to the block size, CBC that runs on across the
 * session, and the cumulative HMAC tag as 64 hex characters after the ciphertext.
 */
public final class ClassicRecordWriter {

    private final int blockSize;
    private final SessionCipher cipher;
    private final RunningMac mac;

    public ClassicRecordWriter(CipherProvider provider, ClassicKeys keys) {
        this.blockSize = provider.blockSize();
        this.cipher = provider.newCipher(Direction.ENCRYPT, keys.key(), keys.iv());
        this.mac = new RunningMac(keys.key());
    }

    /** Ciphertext length for a plaintext of {@code length} bytes. */
    public int paddedLength(int length) {
        return (length + blockSize - 1) / blockSize * blockSize;
    }

    /** The wire record for one message: {@code ciphertext || hex tag}. */
    public byte[] seal(byte[] plaintext) {
        int padded = paddedLength(plaintext.length);
        byte[] record = Arrays.copyOf(plaintext, padded + ClassicProtocol.TAG_HEX_LENGTH);
        cipher.process(record, 0, padded, record, 0);
        mac.update(record, 0, padded);
        System.arraycopy(mac.hexTag(), 0, record, padded, ClassicProtocol.TAG_HEX_LENGTH);
        return record;
    }
}
