package vpn.core.secure;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.SessionCipher;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Secure mode's record protection for one direction: encrypt-then-MAC.
 *
 * <pre>
 * plaintext  = R (one random block; none for byte-wise ciphers) || data || padding || padLength
 * ciphertext = CBC(epoch key, chain) over plaintext       the chain runs on from record to record
 * tag        = HMAC-SHA256(epoch MAC key, seq (8) || type (1) || length of ciphertext (4) || ciphertext)
 * frame      = type (1) || length (3) || ciphertext || tag
 * </pre>
 *
 * The random first block makes each record's effective IV unpredictable even though the chain
 * carries over (TLS 1.1's second option, RFC 4346 6.2.3.2). The implicit sequence number in the
 * tag makes a replayed, reordered or dropped record fail verification, which happens in constant
 * time before anything is decrypted. After {@link SecureProtocol#rekeyLimitBlocks} blocks, both
 * sides move to the next epoch's keys at the same record, with no message.
 */
final class RecordLayer {

    private final CipherProvider provider;
    private final int keySize;
    private final Direction direction;
    private final int blockSize;
    private final long rekeyLimit;
    private byte[] trafficSecret;
    private SessionCipher cipher;
    private Mac mac;
    private long sequence;
    private long blocksThisEpoch;
    private int epoch;
    /** Reused per record, so that sealing allocates only the frame it returns. */
    private final byte[] randomBlock;
    private final byte[] tagHeader = new byte[13];
    private final byte[] expectedTag = new byte[SecureProtocol.TAG_LENGTH];

    RecordLayer(CipherProvider provider, int keySize, Direction direction, byte[] firstTrafficSecret) {
        this.provider = provider;
        this.keySize = keySize;
        this.direction = direction;
        this.blockSize = provider.blockSize();
        this.rekeyLimit = SecureProtocol.rekeyLimitBlocks(blockSize);
        this.randomBlock = new byte[blockSize == 1 ? 0 : blockSize];
        startEpoch(firstTrafficSecret);
    }

    private void startEpoch(byte[] secret) {
        trafficSecret = secret;
        KeySchedule.EpochKeys keys = KeySchedule.epochKeys(secret, provider, keySize);
        cipher = provider.newCipher(direction, keys.key(), keys.iv());
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
        blocksThisEpoch = 0;
    }

    /** Keys of the epoch in use; 0 until the first rekey. */
    int epoch() {
        return epoch;
    }

    private int randomBlockLength() {
        return blockSize == 1 ? 0 : blockSize;
    }

    /** Seals {@code data} into a whole frame of {@code type}. */
    byte[] seal(int type, byte[] data, SecureRandom random) {
        int prefix = randomBlockLength();
        int unpadded = prefix + data.length + 1;
        int padding = (blockSize - unpadded % blockSize) % blockSize;
        int ciphertextLength = unpadded + padding;
        byte[] frame = new byte[SecureProtocol.FRAME_HEADER + ciphertextLength + SecureProtocol.TAG_LENGTH];
        int body = SecureProtocol.FRAME_HEADER;
        if (prefix > 0) {
            random.nextBytes(randomBlock);
            System.arraycopy(randomBlock, 0, frame, body, prefix);
        }
        System.arraycopy(data, 0, frame, body + prefix, data.length);
        Arrays.fill(frame, body + prefix + data.length, body + ciphertextLength, (byte) padding);
        cipher.process(frame, body, ciphertextLength, frame, body);
        tag(type, frame, body, ciphertextLength, frame, body + ciphertextLength);
        Frames.writeHeader(frame, type, ciphertextLength + SecureProtocol.TAG_LENGTH);
        advance(ciphertextLength);
        return frame;
    }

    /**
     * Verifies and decrypts one record's payload ({@code ciphertext || tag}), decrypting in place:
     * the payload array is the caller's to give up.
     *
     * @throws ProtocolException {@link Reason#BAD_TAG} if it does not verify (tampered, replayed,
     *     reordered or dropped), {@link Reason#MALFORMED} if its length cannot be a record
     */
    byte[] open(int type, byte[] payload) throws ProtocolException {
        int ciphertextLength = payload.length - SecureProtocol.TAG_LENGTH;
        if (ciphertextLength < randomBlockLength() + 1 || ciphertextLength % blockSize != 0) {
            throw new ProtocolException(Reason.MALFORMED, "malformed record: " + payload.length + " bytes");
        }
        tag(type, payload, 0, ciphertextLength, expectedTag, 0);
        if (!constantTimeEquals(expectedTag, payload, ciphertextLength)) {
            throw new ProtocolException(Reason.BAD_TAG,
                    "record " + sequence + " failed authentication: tampered, replayed, reordered or dropped");
        }
        byte[] plaintext = payload;
        cipher.process(payload, 0, ciphertextLength, plaintext, 0);
        advance(ciphertextLength);
        int padding = plaintext[ciphertextLength - 1] & 0xff;
        int dataEnd = ciphertextLength - 1 - padding;
        if (padding >= blockSize || dataEnd < randomBlockLength()) {
            // Only a broken peer gets here: the tag already proved the bytes are the sender's.
            throw new ProtocolException(Reason.MALFORMED, "malformed record padding");
        }
        return Arrays.copyOfRange(plaintext, randomBlockLength(), dataEnd);
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
    private void tag(int type, byte[] bytes, int offset, int length, byte[] out, int outOffset) {
        byte[] header = tagHeader;
        for (int i = 0; i < 8; i++) {
            header[i] = (byte) (sequence >>> (56 - 8 * i));
        }
        header[8] = (byte) type;
        header[9] = (byte) (length >>> 24);
        header[10] = (byte) (length >>> 16);
        header[11] = (byte) (length >>> 8);
        header[12] = (byte) length;
        mac.update(header);
        mac.update(bytes, offset, length);
        try {
            mac.doFinal(out, outOffset);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IllegalStateException("a tag buffer is always 32 bytes", e);
        }
    }

    private void advance(int ciphertextLength) {
        sequence++;
        blocksThisEpoch += ciphertextLength / blockSize;
        if (blocksThisEpoch >= rekeyLimit) {
            startEpoch(KeySchedule.next(trafficSecret));
            epoch++;
        }
    }
}
