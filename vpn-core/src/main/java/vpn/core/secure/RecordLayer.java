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
 * sides move to the next epoch's keys at the same record, with no message, and wipe the old ones.
 *
 * <p>The sequence number is an unsigned 64-bit counter that never wraps: once it reaches
 * 2^64 - 1, the direction refuses further records and the session must end (a wrapped counter
 * would let old records verify again).
 *
 * <p>Wiping is best effort: the JDK and the providers keep their own copies of the keys (the
 * ones we ship copy what they are given), and a garbage collector may have moved ours before.
 */
final class RecordLayer {

    private static final String EXHAUSTED =
            "this direction has used all 2^64 - 1 sequence numbers: the session must end";

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

    /** Starts at sequence number 0. Takes ownership of {@code firstTrafficSecret}: the first rekey wipes it. */
    RecordLayer(CipherProvider provider, int keySize, Direction direction, byte[] firstTrafficSecret) {
        this(provider, keySize, direction, firstTrafficSecret, 0);
    }

    /** Starts at {@code firstSequence} (unsigned): tests use it to reach the end of the counter. */
    RecordLayer(CipherProvider provider, int keySize, Direction direction, byte[] firstTrafficSecret,
            long firstSequence) {
        this.provider = provider;
        this.keySize = keySize;
        this.direction = direction;
        this.blockSize = provider.blockSize();
        this.rekeyLimit = SecureProtocol.rekeyLimitBlocks(blockSize);
        this.randomBlock = new byte[blockSize == 1 ? 0 : blockSize];
        this.sequence = firstSequence;
        startEpoch(firstTrafficSecret);
    }

    private void startEpoch(byte[] secret) {
        trafficSecret = secret;
        KeySchedule.EpochKeys keys = KeySchedule.epochKeys(secret, provider, keySize);
        try {
            cipher = provider.newCipher(direction, keys.key(), keys.iv());
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        } finally {
            // The MAC and the cipher hold their own copies now (the JDK's, Bouncy Castle's and
            // our XOR's do); a provider that read our arrays later would get zeros.
            Arrays.fill(keys.key(), (byte) 0);
            Arrays.fill(keys.macKey(), (byte) 0);
            Arrays.fill(keys.iv(), (byte) 0);
        }
        blocksThisEpoch = 0;
    }

    /** Keys of the epoch in use; 0 until the first rekey. */
    int epoch() {
        return epoch;
    }

    private int randomBlockLength() {
        return SecureProtocol.randomPrefix(blockSize);
    }

    /**
     * Seals {@code data} into a whole frame of {@code type}.
     *
     * @throws IllegalStateException if this direction has used up its sequence numbers
     */
    byte[] seal(int type, byte[] data, SecureRandom random) {
        if (exhausted()) {
            throw new IllegalStateException(EXHAUSTED);
        }
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
     *     reordered or dropped), {@link Reason#MALFORMED} if its length or padding cannot be a
     *     record's, or this direction has used up its sequence numbers
     */
    byte[] open(int type, byte[] payload) throws ProtocolException {
        if (exhausted()) {
            throw new ProtocolException(Reason.MALFORMED, EXHAUSTED);
        }
        int ciphertextLength = payload.length - SecureProtocol.TAG_LENGTH;
        if (ciphertextLength < randomBlockLength() + 1 || ciphertextLength % blockSize != 0) {
            throw new ProtocolException(Reason.MALFORMED, "malformed record: " + payload.length + " bytes");
        }
        tag(type, payload, 0, ciphertextLength, expectedTag, 0);
        if (!constantTimeEquals(expectedTag, payload, ciphertextLength)) {
            throw new ProtocolException(Reason.BAD_TAG,
                    "record " + Long.toUnsignedString(sequence)
                            + " failed authentication: tampered, replayed, reordered or dropped");
        }
        byte[] plaintext = payload;
        cipher.process(payload, 0, ciphertextLength, plaintext, 0);
        advance(ciphertextLength);
        int padding = plaintext[ciphertextLength - 1] & 0xff;
        int dataEnd = ciphertextLength - 1 - padding;
        if (padding >= blockSize || dataEnd < randomBlockLength() || !paddingIntact(plaintext, dataEnd, padding)) {
            // Only a broken peer gets here: the tag already proved the bytes are the sender's.
            // So no padding oracle either, and the check need not run in constant time.
            throw new ProtocolException(Reason.MALFORMED, "malformed record padding");
        }
        return Arrays.copyOfRange(plaintext, randomBlockLength(), dataEnd);
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

    /** True once the sequence number is 2^64 - 1: one more record would make it wrap to 0. */
    private boolean exhausted() {
        return sequence == -1L;
    }

    private void advance(int ciphertextLength) {
        sequence++;
        blocksThisEpoch += ciphertextLength / blockSize;
        if (blocksThisEpoch >= rekeyLimit) {
            byte[] previous = trafficSecret;
            startEpoch(KeySchedule.next(previous));
            Arrays.fill(previous, (byte) 0);
            epoch++;
        }
    }
}
