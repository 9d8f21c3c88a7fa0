package vpn.core.secure;

import java.security.SecureRandom;
import java.util.Arrays;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Secure mode's record protection for one direction: the sequence numbers, the epochs and their
 * keys, around one epoch's {@link RecordProtection} (CBC + HMAC-SHA256 for block ciphers, the
 * cipher's own AEAD for authenticated ones).
 *
 * <p>The implicit sequence number, authenticated with every record, makes a replayed, reordered
 * or dropped record fail verification. After {@link RecordProtection#rekeyLimit()} blocks, both
 * sides move to the next epoch's keys at the same record, with no message, and wipe the old
 * traffic secret.
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
    private byte[] trafficSecret;
    private RecordProtection protection;
    private long sequence;
    private long blocksThisEpoch;
    private int epoch;

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
        this.sequence = firstSequence;
        startEpoch(firstTrafficSecret);
    }

    private void startEpoch(byte[] secret) {
        trafficSecret = secret;
        protection = RecordProtection.forEpoch(provider, keySize, direction, secret);
        blocksThisEpoch = 0;
    }

    /** Keys of the epoch in use; 0 until the first rekey. */
    int epoch() {
        return epoch;
    }

    /**
     * Seals {@code data} into a whole frame of {@code type}.
     *
     * @throws IllegalStateException if this direction has used up its sequence numbers
     */
    byte[] seal(int type, byte[] data, SecureRandom random) {
        byte[] frame = new byte[frameLength(data.length)];
        seal(type, data, 0, data.length, random, frame, 0);
        return frame;
    }

    /** The length of the whole frame that seals {@code dataLength} bytes. */
    int frameLength(int dataLength) {
        return protection.frameLength(dataLength);
    }

    /**
     * Seals {@code length} bytes of {@code data} from {@code offset} into a whole frame of
     * {@code type}, written into {@code out} at {@code outOffset}, which must have room for
     * {@link #frameLength} bytes and not overlap the data.
     *
     * @return the frame's length
     * @throws IllegalStateException if this direction has used up its sequence numbers
     */
    int seal(int type, byte[] data, int offset, int length, SecureRandom random, byte[] out, int outOffset) {
        if (exhausted()) {
            throw new IllegalStateException(EXHAUSTED);
        }
        int frameLength = protection.frameLength(length);
        protection.seal(sequence, type, data, offset, length, random, out, outOffset);
        advance(frameLength - SecureProtocol.FRAME_HEADER);
        return frameLength;
    }

    /**
     * Verifies and decrypts one record's payload, in place where the construction allows: the
     * payload array is the caller's to give up.
     *
     * @throws ProtocolException {@link Reason#BAD_TAG} if it does not verify (tampered, replayed,
     *     reordered or dropped), {@link Reason#MALFORMED} if its length or padding cannot be a
     *     record's, or this direction has used up its sequence numbers
     */
    byte[] open(int type, byte[] payload) throws ProtocolException {
        return open(type, payload, 0, payload.length);
    }

    /**
     * Verifies and decrypts one record's payload, the {@code length} bytes of {@code buffer} from
     * {@code offset}, which it may overwrite; the data comes back in a new array.
     *
     * @throws ProtocolException as {@link #open(int, byte[])}
     */
    byte[] open(int type, byte[] buffer, int offset, int length) throws ProtocolException {
        if (exhausted()) {
            throw new ProtocolException(Reason.MALFORMED, EXHAUSTED);
        }
        byte[] data = protection.open(sequence, type, buffer, offset, length);
        advance(length);
        return data;
    }

    /**
     * Verifies and decrypts one record's payload as {@link #open(int, byte[], int, int)} does, but
     * into {@code out} from {@code outOffset}, for a receiver that reuses its buffer.
     *
     * @return the data's length
     * @throws ProtocolException as {@link #open(int, byte[])}, and {@link Reason#OVERSIZE} if the
     *     data does not fit in {@code out}
     */
    int open(int type, byte[] buffer, int offset, int length, byte[] out, int outOffset) throws ProtocolException {
        if (exhausted()) {
            throw new ProtocolException(Reason.MALFORMED, EXHAUSTED);
        }
        int dataLength = protection.open(sequence, type, buffer, offset, length, out, outOffset);
        advance(length);
        return dataLength;
    }

    static ProtocolException tooLong(int dataLength, int room) {
        return new ProtocolException(Reason.OVERSIZE, "a record of " + dataLength
                + " bytes of data is longer than the " + room + " bytes the receiver has room for");
    }

    static ProtocolException failedAuthentication(long sequence) {
        return new ProtocolException(Reason.BAD_TAG, "record " + Long.toUnsignedString(sequence)
                + " failed authentication: tampered, replayed, reordered or dropped");
    }

    /** True once the sequence number is 2^64 - 1: one more record would make it wrap to 0. */
    private boolean exhausted() {
        return sequence == -1L;
    }

    private void advance(int payloadLength) {
        sequence++;
        blocksThisEpoch += protection.blocks(payloadLength);
        if (blocksThisEpoch >= protection.rekeyLimit()) {
            byte[] previous = trafficSecret;
            startEpoch(KeySchedule.next(previous));
            Arrays.fill(previous, (byte) 0);
            epoch++;
        }
    }
}
