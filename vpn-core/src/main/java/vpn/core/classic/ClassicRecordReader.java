package vpn.core.classic;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Mac;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.SessionCipher;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;

/**
 * Opens the client's records on the server. As a {@link MessageFormat} it only verifies: a record
 * is complete when its tag checks out (in constant time, before anything is decrypted); only
 * {@link #open(Verified)} then advances the session's MAC and CBC state.
 *
 * <p>A record has no length: the tag is checked at every block boundary as the bytes arrive. Each
 * check feeds the MAC only the bytes that arrived since the last one (a fork of the running MAC
 * follows the record as it grows), so the work is linear in the bytes received however the peer
 * cuts the record; hashing the whole prefix at every boundary made a 64 KiB record sent one byte
 * per segment cost 2 GB of SHA-256. This relies on {@link MessageFormat}'s contract: the attempts
 * of one record see its bytes grow, never change.
 */
public final class ClassicRecordReader implements MessageFormat<ClassicRecordReader.Verified> {

    /** A decrypted message: its bytes without the zero padding, and how many zeros were stripped. */
    public record Opened(byte[] plaintext, int padding) {
    }

    /**
     * A record whose tag verified: its ciphertext, and the MAC state after it, so that opening it
     * does not compute the HMAC over the ciphertext a second time.
     */
    public static final class Verified {
        private final byte[] ciphertext;
        private final Mac macAfter;

        private Verified(byte[] ciphertext, Mac macAfter) {
            this.ciphertext = ciphertext;
            this.macAfter = macAfter;
        }
    }

    private final int blockSize;
    private final SessionCipher cipher;
    private final RunningMac mac;
    /** The running MAC fed the first {@link #pendingLength} bytes of the record being received; null: none yet. */
    private Mac pending;
    private int pendingLength;
    /** Bytes fed to HMAC-SHA256, for the test that keeps the work linear. */
    private long bytesMaced;

    public ClassicRecordReader(CipherProvider provider, ClassicKeys keys) {
        this.blockSize = provider.blockSize();
        this.cipher = provider.newCipher(Direction.DECRYPT, keys.key(), keys.iv());
        this.mac = new RunningMac(keys.key());
    }

    @Override
    public Attempt<Verified> attempt(byte[] buffer, int length) {
        int ciphertextLength = length - ClassicProtocol.TAG_HEX_LENGTH;
        if (ciphertextLength < 0 || ciphertextLength % blockSize != 0) {
            // Shorter than a tag, or not whole blocks: certainly the start of something longer.
            return Attempt.needMore();
        }
        if (pending == null || ciphertextLength < pendingLength) {
            // A new record (a shorter one can only be new): start from the session's state.
            pending = mac.fork();
            pendingLength = 0;
        }
        pending.update(buffer, pendingLength, ciphertextLength - pendingLength);
        bytesMaced += ciphertextLength - pendingLength;
        pendingLength = ciphertextLength;
        byte[] received = Arrays.copyOfRange(buffer, ciphertextLength, length);
        if (MessageDigest.isEqual(RunningMac.hexTag(pending), received)) {
            Verified verified = new Verified(Arrays.copyOf(buffer, ciphertextLength), pending);
            pending = null; // the state is the record's now: open() makes it the session's
            return Attempt.complete(verified);
        }
        // A wrong tag, or a record cut at a block boundary with more to come.
        return Attempt.settle(() -> {
            throw new ProtocolException(Reason.BAD_TAG, "bad HMAC tag");
        });
    }

    /** Advances the session past a verified record and decrypts it. */
    public Opened open(Verified record) {
        mac.adopt(record.macAfter);
        byte[] ciphertext = record.ciphertext;
        byte[] plaintext = new byte[ciphertext.length];
        cipher.process(ciphertext, 0, ciphertext.length, plaintext, 0);
        int end = plaintext.length;
        while (end > 0 && plaintext[end - 1] == 0) {
            end--;
        }
        return new Opened(Arrays.copyOf(plaintext, end), plaintext.length - end);
    }

    long bytesMaced() {
        return bytesMaced;
    }
}
