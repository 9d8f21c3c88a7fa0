package vpn.core.secure;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.SessionCipher;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Encrypt-then-MAC for block ciphers (specification section 5):
 *
 * <pre>
 * plaintext  = R (one random block; none for byte-wise ciphers) || data || padding || padLength
 * ciphertext = CBC(epoch key, chain) over plaintext       the chain runs on from record to record
 * tag        = HMAC-SHA256(epoch MAC key, seq (8) || type (1) || length of ciphertext (4) || ciphertext)
 * frame      = type (1) || length (3) || ciphertext || tag
 * </pre>
 *
 * The random first block makes each record's effective IV unpredictable even though the chain
 * carries over (TLS 1.1's second option, RFC 4346 6.2.3.2). The tag is checked in constant time
 * before anything is decrypted.
 */
final class CbcHmacProtection implements RecordProtection {

    private final int blockSize;
    private final SessionCipher cipher;
    private final Mac mac;
    /** Reused per record, so that sealing allocates nothing. */
    private final byte[] randomBlock;
    private final byte[] tagHeader = new byte[13];
    private final byte[] expectedTag = new byte[SecureProtocol.TAG_LENGTH];

    private CbcHmacProtection(int blockSize, SessionCipher cipher, Mac mac) {
        this.blockSize = blockSize;
        this.cipher = cipher;
        this.mac = mac;
        this.randomBlock = new byte[SecureProtocol.randomPrefix(blockSize)];
    }

    static CbcHmacProtection forEpoch(CipherProvider provider, int keySize, Direction direction, byte[] trafficSecret) {
        KeySchedule.EpochKeys keys = KeySchedule.epochKeys(trafficSecret, provider, keySize);
        try {
            SessionCipher cipher = provider.newCipher(direction, keys.key(), keys.iv());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
            return new CbcHmacProtection(provider.blockSize(), cipher, mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        } finally {
            // The MAC and the cipher hold their own copies now (the JDK's, Bouncy Castle's and
            // our XOR's do); a provider that read our arrays later would get zeros.
            Arrays.fill(keys.key(), (byte) 0);
            Arrays.fill(keys.macKey(), (byte) 0);
            Arrays.fill(keys.iv(), (byte) 0);
        }
    }

    @Override
    public int frameLength(int dataLength) {
        return SecureProtocol.FRAME_HEADER + ciphertextLength(dataLength) + SecureProtocol.TAG_LENGTH;
    }

    private int ciphertextLength(int dataLength) {
        int unpadded = randomBlock.length + dataLength + 1;
        return unpadded + (blockSize - unpadded % blockSize) % blockSize;
    }

    @Override
    public void seal(long sequence, int type, byte[] data, int offset, int length, SecureRandom random, byte[] frame,
            int frameOffset) {
        int prefix = randomBlock.length;
        int ciphertextLength = ciphertextLength(length);
        int padding = ciphertextLength - prefix - length - 1;
        int body = frameOffset + SecureProtocol.FRAME_HEADER;
        if (prefix > 0) {
            random.nextBytes(randomBlock);
            System.arraycopy(randomBlock, 0, frame, body, prefix);
        }
        System.arraycopy(data, offset, frame, body + prefix, length);
        Arrays.fill(frame, body + prefix + length, body + ciphertextLength, (byte) padding);
        cipher.process(frame, body, ciphertextLength, frame, body);
        tag(sequence, type, frame, body, ciphertextLength, frame, body + ciphertextLength);
        Frames.writeHeader(frame, frameOffset, type, ciphertextLength + SecureProtocol.TAG_LENGTH);
    }

    @Override
    public byte[] open(long sequence, int type, byte[] buffer, int offset, int length) throws ProtocolException {
        int dataEnd = openInPlace(sequence, type, buffer, offset, length);
        return Arrays.copyOfRange(buffer, offset + randomBlock.length, dataEnd);
    }

    @Override
    public int open(long sequence, int type, byte[] buffer, int offset, int length, byte[] out, int outOffset)
            throws ProtocolException {
        int dataStart = offset + randomBlock.length;
        int dataLength = openInPlace(sequence, type, buffer, offset, length) - dataStart;
        if (dataLength > out.length - outOffset) {
            throw RecordLayer.tooLong(dataLength, out.length - outOffset);
        }
        System.arraycopy(buffer, dataStart, out, outOffset, dataLength);
        return dataLength;
    }

    /** Verifies the record, decrypts it where it lies and checks its padding; returns where its data ends. */
    private int openInPlace(long sequence, int type, byte[] buffer, int offset, int length) throws ProtocolException {
        int ciphertextLength = length - SecureProtocol.TAG_LENGTH;
        if (ciphertextLength < randomBlock.length + 1 || ciphertextLength % blockSize != 0) {
            throw new ProtocolException(Reason.MALFORMED, "malformed record: " + length + " bytes");
        }
        tag(sequence, type, buffer, offset, ciphertextLength, expectedTag, 0);
        if (!constantTimeEquals(expectedTag, buffer, offset + ciphertextLength)) {
            throw RecordLayer.failedAuthentication(sequence);
        }
        // Decrypted in place: the ciphertext is not needed again.
        cipher.process(buffer, offset, ciphertextLength, buffer, offset);
        int end = offset + ciphertextLength;
        int padding = buffer[end - 1] & 0xff;
        int dataEnd = end - 1 - padding;
        if (padding >= blockSize || dataEnd < offset + randomBlock.length || !paddingIntact(buffer, dataEnd, padding)) {
            // Only a broken peer gets here: the tag already proved the bytes are the sender's.
            // So no padding oracle either, and the check need not run in constant time.
            throw new ProtocolException(Reason.MALFORMED, "malformed record padding");
        }
        return dataEnd;
    }

    @Override
    public long blocks(int payloadLength) {
        return (payloadLength - SecureProtocol.TAG_LENGTH) / blockSize;
    }

    @Override
    public long rekeyLimit() {
        return SecureProtocol.rekeyLimitBlocks(blockSize);
    }

    /** True if the {@code padding} bytes from {@code from} all hold the value {@code padding}, as the spec says. */
    private static boolean paddingIntact(byte[] plaintext, int from, int padding) {
        for (int i = from; i < from + padding; i++) {
            if ((plaintext[i] & 0xff) != padding) {
                return false;
            }
        }
        return true;
    }

    /** Compares {@code tag} with the bytes of {@code bytes} from {@code offset}, in time independent of where they differ. */
    private static boolean constantTimeEquals(byte[] tag, byte[] bytes, int offset) {
        int difference = 0;
        for (int i = 0; i < tag.length; i++) {
            difference |= tag[i] ^ bytes[offset + i];
        }
        return difference == 0;
    }

    /** Writes the tag of a record into {@code out} at {@code outOffset}. */
    private void tag(long sequence, int type, byte[] bytes, int offset, int length, byte[] out, int outOffset) {
        RecordProtection.recordHeader(sequence, type, length, tagHeader);
        mac.update(tagHeader);
        mac.update(bytes, offset, length);
        try {
            mac.doFinal(out, outOffset);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("a tag buffer is always 32 bytes", e);
        }
    }
}
