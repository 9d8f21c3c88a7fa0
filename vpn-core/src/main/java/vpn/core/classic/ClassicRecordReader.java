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
 * {@link #open(byte[])} then advances the session's MAC and CBC state.
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
        Mac after = mac.advancedBy(buffer, 0, ciphertextLength);
        byte[] received = Arrays.copyOfRange(buffer, ciphertextLength, length);
        if (MessageDigest.isEqual(RunningMac.hexTag(after), received)) {
            return Attempt.complete(new Verified(Arrays.copyOf(buffer, ciphertextLength), after));
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
}
