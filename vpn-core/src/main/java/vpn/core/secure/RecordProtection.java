package vpn.core.secure;

import java.security.SecureRandom;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;

/**
 * How one epoch's keys protect records in one direction: {@link CbcHmacProtection} (a block
 * cipher's CBC chain, then HMAC-SHA256) or {@link AeadProtection} (the cipher's own AEAD). The
 * sequence numbers, the rekeying and the limits around it are {@link RecordLayer}'s.
 */
sealed interface RecordProtection permits CbcHmacProtection, AeadProtection {

    /** The protection for {@code provider}'s records, keyed from one epoch's traffic secret. */
    static RecordProtection forEpoch(CipherProvider provider, int keySize, Direction direction, byte[] trafficSecret) {
        return provider.aead()
                ? AeadProtection.forEpoch(provider, keySize, direction, trafficSecret)
                : CbcHmacProtection.forEpoch(provider, keySize, direction, trafficSecret);
    }

    /** The length of the whole frame that seals {@code dataLength} bytes. */
    int frameLength(int dataLength);

    /**
     * Seals {@code length} bytes of {@code data} from {@code offset} into a whole frame of
     * {@code type}, as record number {@code sequence}, written into {@code out} from
     * {@code outOffset} (room for {@link #frameLength} bytes, not overlapping the data).
     */
    void seal(long sequence, int type, byte[] data, int offset, int length, SecureRandom random, byte[] out,
            int outOffset);

    /**
     * Verifies and decrypts record number {@code sequence}'s payload, the {@code length} bytes of
     * {@code buffer} from {@code offset} (which it may overwrite), into a new array.
     */
    byte[] open(long sequence, int type, byte[] buffer, int offset, int length) throws ProtocolException;

    /**
     * As {@link #open(long, int, byte[], int, int)}, but the data goes into {@code out} from
     * {@code outOffset}, for a receiver that reuses its buffer.
     *
     * @return the data's length
     * @throws ProtocolException also {@link vpn.core.ProtocolException.Reason#OVERSIZE} if the
     *     data does not fit in {@code out}; nothing of it is written there then
     */
    int open(long sequence, int type, byte[] buffer, int offset, int length, byte[] out, int outOffset)
            throws ProtocolException;

    /** What a record with this payload length counts towards the epoch's limit, in cipher blocks. */
    long blocks(int payloadLength);

    /** Blocks one epoch may protect before both sides move to the next epoch's keys. */
    long rekeyLimit();

    /** Writes the 13 bytes {@code seq (u64) || type (u8) || length (u32)} both constructions authenticate. */
    static void recordHeader(long sequence, int type, int length, byte[] header) {
        for (int i = 0; i < 8; i++) {
            header[i] = (byte) (sequence >>> (56 - 8 * i));
        }
        header[8] = (byte) type;
        header[9] = (byte) (length >>> 24);
        header[10] = (byte) (length >>> 16);
        header[11] = (byte) (length >>> 8);
        header[12] = (byte) length;
    }
}
