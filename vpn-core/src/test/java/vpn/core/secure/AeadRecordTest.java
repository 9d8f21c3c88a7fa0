package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.testing.Vectors;

/**
 * Records of an authenticated cipher (AES-GCM) against docs/protocol-secure.md section 5a: the
 * documented vector, the frame rebuilt from the spec with the JDK's GCM, and every way a record
 * can be changed in transit.
 */
class AeadRecordTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom UNUSED = new SecureRandom();

    private static CipherProvider gcm() {
        return Vectors.provider("AES-GCM");
    }

    private static byte[] secret() {
        byte[] secret = new byte[SecureProtocol.TRAFFIC_SECRET_LENGTH];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i + 1);
        }
        return secret;
    }

    private static RecordLayer sender() {
        return new RecordLayer(gcm(), 256, Direction.ENCRYPT, secret());
    }

    private static RecordLayer receiver() {
        return new RecordLayer(gcm(), 256, Direction.DECRYPT, secret());
    }

    private static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, SecureProtocol.FRAME_HEADER, frame.length);
    }

    /** The vector printed in the spec, computed independently with Python (hmac, pycryptodome). */
    @Test
    void theDocumentedVectors() throws Exception {
        byte[] shared = new byte[32];
        for (int i = 0; i < 32; i++) {
            shared[i] = (byte) i;
        }
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(Vectors.ascii("custom-vpn key schedule test"));
        RecordLayer sender = new RecordLayer(gcm(), 256, Direction.ENCRYPT, KeySchedule.derive(shared, hash).clientToServer());
        assertEquals("170000157b0f00919fef9b4b7aa462a0775346b617d9862594",
                HEX.formatHex(sender.seal(SecureProtocol.DATA, Vectors.ascii("hello"), UNUSED)));
        assertEquals("150000108a956ef8864b5aba1749f4d4b3c79212",
                HEX.formatHex(sender.seal(SecureProtocol.CLOSE, new byte[0], UNUSED)));
    }

    /** Record {@code sequence} of epoch 0, built step by step from section 5a with the JDK's GCM. */
    private static byte[] specFrame(long sequence, int type, byte[] data) throws Exception {
        byte[] key = KeySchedule.expand(secret(), "key", 32);
        byte[] nonce = KeySchedule.expand(secret(), "iv", 12);
        for (int i = 0; i < 8; i++) {
            nonce[4 + i] ^= (byte) (sequence >>> (56 - 8 * i));
        }
        int length = data.length + 16;
        byte[] aad = new byte[13];
        RecordProtection.recordHeader(sequence, type, length, aad);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad);
        byte[] sealed = cipher.doFinal(data);
        byte[] frame = new byte[4 + length];
        Frames.writeHeader(frame, type, length);
        System.arraycopy(sealed, 0, frame, 4, length);
        return frame;
    }

    @Test
    void framesAreWhatTheSpecSaysRecordAfterRecord() throws Exception {
        RecordLayer sender = sender();
        for (long sequence = 0; sequence < 3; sequence++) {
            byte[] data = Vectors.ascii("record " + sequence);
            assertArrayEquals(specFrame(sequence, SecureProtocol.DATA, data), sender.seal(SecureProtocol.DATA, data, UNUSED));
        }
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {0, 1, 15, 16, 17, 4096, SecureProtocol.MAX_MESSAGE})
    void everyLengthUpToTheLargestMessageRoundTrips(int length) throws Exception {
        byte[] data = new byte[length];
        new SecureRandom().nextBytes(data);
        byte[] frame = sender().seal(SecureProtocol.DATA, data, UNUSED);
        assertEquals(SecureProtocol.FRAME_HEADER + length + 16, frame.length);
        assertEquals(SecureProtocol.maxRecordPayload(16, true), SecureProtocol.MAX_MESSAGE + 16);
        assertArrayEquals(data, receiver().open(SecureProtocol.DATA, payload(frame)));
    }

    @Test
    void aChangeToAnyByteFailsAuthentication() {
        byte[] sealed = payload(sender().seal(SecureProtocol.DATA, Vectors.ascii("attack at dawn"), UNUSED));
        for (int i = 0; i < sealed.length; i++) {
            byte[] changed = sealed.clone();
            changed[i] ^= 0x01;
            ProtocolException refused = assertThrows(ProtocolException.class,
                    () -> receiver().open(SecureProtocol.DATA, changed), "byte " + i);
            assertEquals(Reason.BAD_TAG, refused.reason(), "byte " + i);
        }
    }

    @Test
    void everyTruncationIsRefused() {
        byte[] sealed = payload(sender().seal(SecureProtocol.DATA, Vectors.ascii("attack at dawn"), UNUSED));
        for (int length = 0; length < sealed.length; length++) {
            byte[] cut = Arrays.copyOf(sealed, length);
            ProtocolException refused = assertThrows(ProtocolException.class,
                    () -> receiver().open(SecureProtocol.DATA, cut), length + " bytes");
            assertEquals(length < 16 ? Reason.MALFORMED : Reason.BAD_TAG, refused.reason(), length + " bytes");
        }
    }

    @Test
    void replayedReorderedDroppedAndRetypedRecordsFail() throws Exception {
        RecordLayer sender = sender();
        byte[] first = payload(sender.seal(SecureProtocol.DATA, Vectors.ascii("one"), UNUSED));
        byte[] second = payload(sender.seal(SecureProtocol.DATA, Vectors.ascii("two"), UNUSED));

        RecordLayer replayed = receiver();
        replayed.open(SecureProtocol.DATA, first.clone());
        assertEquals(Reason.BAD_TAG, assertThrows(ProtocolException.class,
                () -> replayed.open(SecureProtocol.DATA, first.clone())).reason());

        assertEquals(Reason.BAD_TAG, assertThrows(ProtocolException.class,
                () -> receiver().open(SecureProtocol.DATA, second.clone())).reason(), "the first was dropped");

        assertEquals(Reason.BAD_TAG, assertThrows(ProtocolException.class,
                () -> receiver().open(SecureProtocol.CLOSE, first.clone())).reason(), "a Data record read as Close");
    }

    @Test
    void noTwoRecordsShareANonce() {
        RecordLayer sender = sender();
        byte[] data = Vectors.ascii("same bytes");
        byte[] first = sender.seal(SecureProtocol.DATA, data, UNUSED);
        byte[] second = sender.seal(SecureProtocol.DATA, data, UNUSED);
        assertFalse(Arrays.equals(first, second));
    }

    @Test
    void blocksCountTheCipherBlocksAndTheTagBlock() {
        AeadProtection protection = AeadProtection.forEpoch(gcm(), 256, Direction.ENCRYPT, secret());
        assertEquals(1, protection.blocks(16));
        assertEquals(2, protection.blocks(17));
        assertEquals(4098, protection.blocks(SecureProtocol.MAX_MESSAGE + 1 + 16));
        assertEquals(1L << 30, protection.rekeyLimit());
    }

    @Test
    void theClassicProtocolNeverOffersOrChoosesIt() throws Exception {
        vpn.core.registry.CipherRegistry registry = vpn.core.registry.CipherRegistry.ofProviders(
                gcm(), Vectors.provider("AES"));
        assertEquals(java.util.List.of("AES"), registry.classicOffer().stream().map(CipherProvider::name).toList());
        assertEquals("AES-GCM", registry.secureOffer().get(0).name());
    }
}
