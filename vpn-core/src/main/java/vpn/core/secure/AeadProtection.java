package vpn.core.secure;

import java.security.SecureRandom;
import java.util.Arrays;
import vpn.api.AeadCipher;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Records of an authenticated cipher (specification section 5a), as TLS 1.3 builds them:
 *
 * <pre>
 * nonce = epoch IV (12 bytes) XOR (4 zero bytes || seq (8))
 * aad   = seq (8) || type (1) || length of ciphertext and tag (4)
 * frame = type (1) || length (3) || AEAD-Seal(epoch key, nonce, aad, data)    ciphertext || 16-byte tag
 * </pre>
 *
 * No padding, no random block and no HMAC: the nonce is unique per record (the sequence number
 * never repeats within an epoch), and the tag covers the sequence number and the type, so a
 * replayed, reordered, dropped or retyped record fails to open.
 */
final class AeadProtection implements RecordProtection {

    private static final int BLOCK = 16;

    private final AeadCipher cipher;
    private final byte[] iv;
    private final byte[] nonce = new byte[AeadCipher.NONCE_LENGTH];
    private final byte[] associatedData = new byte[13];

    private AeadProtection(AeadCipher cipher, byte[] iv) {
        this.cipher = cipher;
        this.iv = iv;
    }

    static AeadProtection forEpoch(CipherProvider provider, int keySize, Direction direction, byte[] trafficSecret) {
        byte[] key = KeySchedule.expand(trafficSecret, "key", provider.keyLength(keySize));
        try {
            return new AeadProtection(provider.newAead(direction, key),
                    KeySchedule.expand(trafficSecret, "iv", AeadCipher.NONCE_LENGTH));
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public int frameLength(int dataLength) {
        return SecureProtocol.FRAME_HEADER + dataLength + AeadCipher.TAG_LENGTH;
    }

    @Override
    public void seal(long sequence, int type, byte[] data, int offset, int length, SecureRandom random, byte[] out,
            int outOffset) {
        int payloadLength = length + AeadCipher.TAG_LENGTH;
        prepare(sequence, type, payloadLength);
        cipher.seal(nonce, associatedData, data, offset, length, out, outOffset + SecureProtocol.FRAME_HEADER);
        Frames.writeHeader(out, outOffset, type, payloadLength);
    }

    @Override
    public byte[] open(long sequence, int type, byte[] buffer, int offset, int length) throws ProtocolException {
        byte[] data = new byte[dataLength(length)];
        open(sequence, type, buffer, offset, length, data, 0);
        return data;
    }

    @Override
    public int open(long sequence, int type, byte[] buffer, int offset, int length, byte[] out, int outOffset)
            throws ProtocolException {
        int dataLength = dataLength(length);
        if (dataLength > out.length - outOffset) {
            throw RecordLayer.tooLong(dataLength, out.length - outOffset);
        }
        prepare(sequence, type, length);
        if (!cipher.open(nonce, associatedData, buffer, offset, length, out, outOffset)) {
            throw RecordLayer.failedAuthentication(sequence);
        }
        return dataLength;
    }

    private static int dataLength(int payloadLength) throws ProtocolException {
        if (payloadLength < AeadCipher.TAG_LENGTH) {
            throw new ProtocolException(Reason.MALFORMED, "malformed record: " + payloadLength + " bytes");
        }
        return payloadLength - AeadCipher.TAG_LENGTH;
    }

    private void prepare(long sequence, int type, int payloadLength) {
        RecordProtection.recordHeader(sequence, type, payloadLength, associatedData);
        System.arraycopy(iv, 0, nonce, 0, nonce.length);
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] ^= associatedData[i];
        }
    }

    /** Counted in AES blocks, the unit of GCM's bounds. */
    @Override
    public long blocks(int payloadLength) {
        return (payloadLength - AeadCipher.TAG_LENGTH + BLOCK - 1) / BLOCK + 1;
    }

    /**
     * 2^30 blocks (16 GiB): far inside AES-GCM's bounds (TLS 1.3 allows 2^24.5 records of 2^10
     * blocks; the bounds of draft-irtf-cfrg-aead-limits keep the advantage under 2^-57 there).
     */
    @Override
    public long rekeyLimit() {
        return SecureProtocol.AEAD_REKEY_LIMIT_BLOCKS;
    }
}
