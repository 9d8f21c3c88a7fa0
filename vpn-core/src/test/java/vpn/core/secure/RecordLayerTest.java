package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Serial;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.testing.Vectors;

/**
 * One direction's records against docs/protocol-secure.md section 5: the exact frame format
 * (rebuilt here from the spec, not from RecordLayer), tampering and truncation at every byte,
 * padding, sequence-number exhaustion and the wiping of old secrets at a rekey.
 */
class RecordLayerTest {

    /** A cipher at one key size; block sizes 16, 8 and 1 (twice: XOR and no encryption). */
    record Suite(String name, int keySize) {
        CipherProvider provider() {
            return Vectors.provider(name);
        }

        int blockSize() {
            return provider().blockSize();
        }

        RecordLayer layer(Direction direction, byte[] secret, long firstSequence) {
            return new RecordLayer(provider(), keySize, direction, secret, firstSequence);
        }

        RecordLayer sender() {
            return layer(Direction.ENCRYPT, secret(), 0);
        }

        RecordLayer receiver() {
            return layer(Direction.DECRYPT, secret(), 0);
        }

        /** The message the table tests seal: 40 bytes for AES (several blocks), 5 for the others. */
        byte[] message() {
            return data(blockSize() == 16 ? 40 : 5);
        }

        @Override
        public String toString() {
            return name + "-" + keySize;
        }
    }

    static final Suite AES = new Suite("AES", 256);
    static final Suite BLOWFISH = new Suite("Blowfish", 448);
    static final Suite XOR = new Suite("XOR", 256);
    static final Suite NONE = new Suite("None", 256);

    static List<Suite> suites() {
        return List.of(AES, BLOWFISH, XOR, NONE);
    }

    /** A fresh copy of one fixed traffic secret: a RecordLayer takes ownership of the array. */
    static byte[] secret() {
        byte[] secret = new byte[SecureProtocol.TRAFFIC_SECRET_LENGTH];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i + 1);
        }
        return secret;
    }

    /** {@code length} bytes of a pattern whose last three are zeros, which a sloppy unpadding would eat. */
    static byte[] data(int length) {
        byte[] data = new byte[length];
        for (int i = 0; i < length - 3; i++) {
            data[i] = (byte) (i * 7 + 1);
        }
        return data;
    }

    /** The same bytes for every call, so that a sealed record is the same in every test case. */
    static final class PatternRandom extends SecureRandom {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (0xa5 ^ i);
            }
        }
    }

    static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, SecureProtocol.FRAME_HEADER, frame.length);
    }

    /** The payload of the first record a fresh sender seals of {@link Suite#message()}. */
    static byte[] sealedPayload(Suite suite) {
        return payload(suite.sender().seal(SecureProtocol.DATA, suite.message(), new PatternRandom()));
    }

    static ProtocolException refused(Suite suite, byte[] payload) {
        return assertThrows(ProtocolException.class, () -> suite.receiver().open(SecureProtocol.DATA, payload));
    }

    // --- The rekey limit ---

    @ParameterizedTest(name = "block size {0}: {1} blocks")
    @CsvSource({"1, 4294967296", "8, 65536", "16, 4294967296", "32, 4294967296", "64, 4294967296"})
    void rekeyLimitIsTwoToTheQuarterBlockBitsAtMostTwoToThe32(int blockSize, long blocks) {
        assertEquals(blocks, SecureProtocol.rekeyLimitBlocks(blockSize));
    }

    @Test
    void rekeyLimitIsNeverBelowOneBlock() {
        for (int blockSize = 1; blockSize <= 64; blockSize++) {
            long limit = SecureProtocol.rekeyLimitBlocks(blockSize);
            assertTrue(limit >= 1 && limit <= 1L << 32, blockSize + " bytes: " + limit);
        }
    }

    // --- The format, rebuilt from the spec ---

    /** Encrypts and tags {@code plaintext} as record 0 of epoch 0, following section 5 step by step. */
    static byte[] specFrame(Suite suite, byte[] plaintext) throws Exception {
        return specFrame(suite, plaintext, 0);
    }

    /** As {@link #specFrame(Suite, byte[])}, as record number {@code sequence} (the first of epoch 0's chain). */
    static byte[] specFrame(Suite suite, byte[] plaintext, long sequence) throws Exception {
        CipherProvider provider = suite.provider();
        KeySchedule.EpochKeys keys = KeySchedule.epochKeys(secret(), provider, suite.keySize());
        byte[] ciphertext = plaintext.clone();
        provider.newCipher(Direction.ENCRYPT, keys.key(), keys.iv()).process(ciphertext, 0, ciphertext.length, ciphertext, 0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
        mac.update(ByteBuffer.allocate(13).putLong(sequence).put((byte) SecureProtocol.DATA).putInt(ciphertext.length).array());
        byte[] tag = mac.doFinal(ciphertext);
        int length = ciphertext.length + tag.length;
        return ByteBuffer.allocate(SecureProtocol.FRAME_HEADER + length)
                .put((byte) SecureProtocol.DATA).put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length)
                .put(ciphertext).put(tag).array();
    }

    /** R || M || p bytes of value p || p, with p as the spec computes it. */
    static byte[] plaintext(Suite suite, byte[] message) {
        return plaintext(suite, message, -1);
    }

    /** As {@link #plaintext(Suite, byte[])}, but the p padding bytes hold {@code fill} (p itself when -1). */
    static byte[] plaintext(Suite suite, byte[] message, int fill) {
        int b = suite.blockSize();
        byte[] r = new byte[b == 1 ? 0 : b];
        new PatternRandom().nextBytes(r);
        int p = (b - (r.length + message.length + 1) % b) % b;
        byte[] padding = new byte[p + 1];
        Arrays.fill(padding, (byte) (fill == -1 ? p : fill));
        padding[p] = (byte) p;
        return concat(r, message, padding);
    }

    static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(a -> a.length).sum());
        Arrays.stream(parts).forEach(out::put);
        return out.array();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void sealWritesExactlyTheSpecifiedFrame(Suite suite) throws Exception {
        byte[] message = suite.message();
        byte[] expected = specFrame(suite, plaintext(suite, message));
        assertArrayEquals(expected, suite.sender().seal(SecureProtocol.DATA, message, new PatternRandom()));
        assertArrayEquals(message, suite.receiver().open(SecureProtocol.DATA, payload(expected)));
    }

    /**
     * Sealing a range of a larger array into a larger buffer at an offset writes the specified
     * frame there and nothing around it; opening it where it lies leaves the bytes around it alone.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void recordsAreSealedAndOpenedWhereTheyLie(Suite suite) throws Exception {
        byte[] message = suite.message();
        byte[] expected = specFrame(suite, plaintext(suite, message));
        byte[] data = new byte[message.length + 11];
        System.arraycopy(message, 0, data, 6, message.length);
        RecordLayer sender = suite.sender();
        assertEquals(expected.length, sender.frameLength(message.length));
        byte[] out = new byte[expected.length + 20];
        Arrays.fill(out, (byte) 0x5c);
        assertEquals(expected.length, sender.seal(SecureProtocol.DATA, data, 6, message.length, new PatternRandom(), out, 9));
        assertArrayEquals(expected, Arrays.copyOfRange(out, 9, 9 + expected.length));
        for (int i : new int[] {0, 8, 9 + expected.length, out.length - 1}) {
            assertEquals((byte) 0x5c, out[i], "byte " + i + " outside the frame");
        }
        byte[] opened = suite.receiver().open(SecureProtocol.DATA, out, 9 + SecureProtocol.FRAME_HEADER,
                expected.length - SecureProtocol.FRAME_HEADER);
        assertArrayEquals(message, opened);
        for (int i : new int[] {0, 8, 9 + expected.length, out.length - 1}) {
            assertEquals((byte) 0x5c, out[i], "byte " + i + " outside the record");
        }
    }

    static List<Suite> suitesWithAead() {
        return java.util.stream.Stream.concat(suites().stream(), java.util.stream.Stream.of(new Suite("AES-GCM", 256)))
                .toList();
    }

    /**
     * A receiver that reuses its buffer has each record's data opened into it, exactly there; data
     * that do not fit are refused as too long, before anything of them is written.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("suitesWithAead")
    void recordsOpenIntoTheReceiversBufferAndNowhereElse(Suite suite) throws Exception {
        byte[] message = suite.message();
        byte[] out = new byte[message.length + 20];
        Arrays.fill(out, (byte) 0x5c);
        assertEquals(message.length, suite.receiver().open(SecureProtocol.DATA, sealedPayload(suite),
                0, sealedPayload(suite).length, out, 7));
        assertArrayEquals(message, Arrays.copyOfRange(out, 7, 7 + message.length));
        for (int i : new int[] {0, 6, 7 + message.length, out.length - 1}) {
            assertEquals((byte) 0x5c, out[i], "byte " + i + " outside the data");
        }
        byte[] small = new byte[message.length + 6];
        Arrays.fill(small, (byte) 0x5c);
        ProtocolException e = assertThrows(ProtocolException.class, () -> suite.receiver().open(SecureProtocol.DATA,
                sealedPayload(suite), 0, sealedPayload(suite).length, small, 7));
        assertEquals(Reason.OVERSIZE, e.reason());
        assertEquals("a record of " + message.length + " bytes of data is longer than the " + (message.length - 1)
                + " bytes the receiver has room for", e.getMessage());
        assertArrayEquals(filledWith(small.length, 0x5c), small, "nothing written");
    }

    private static byte[] filledWith(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    /** Every byte of the sequence number is authenticated, big-endian: a record far into a session, byte for byte. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void aRecordFarIntoTheSessionIsTaggedWithItsWholeSequenceNumber(Suite suite) throws Exception {
        long sequence = 0x0102030405060708L;
        byte[] message = suite.message();
        byte[] expected = specFrame(suite, plaintext(suite, message), sequence);
        assertArrayEquals(expected, suite.layer(Direction.ENCRYPT, secret(), sequence)
                .seal(SecureProtocol.DATA, message, new PatternRandom()));
        assertArrayEquals(message, suite.layer(Direction.DECRYPT, secret(), sequence)
                .open(SecureProtocol.DATA, payload(expected)));
    }

    static Stream<Arguments> badPadding() {
        byte[] message = data(10);
        // AES: R (16) + 10 + 1 leaves p = 5; Blowfish: R (8) + 10 + 1 leaves p = 5.
        byte[] oneWrong = plaintext(AES, message);
        oneWrong[16 + 10 + 2] = 0;
        byte[] padLengthIsABlock = concat(new byte[16], data(15), new byte[] {16});
        byte[] padLength255 = concat(new byte[16], data(15), new byte[] {(byte) 255});
        // Intact in form (sixteen bytes of 16, then 16) and leaving R and 15 bytes of data: only the
        // rule "fewer padding bytes than a block" refuses it.
        byte[] wholeBlockOfPadding = new byte[16 + 15 + 17];
        Arrays.fill(wholeBlockOfPadding, 16 + 15, wholeBlockOfPadding.length, (byte) 16);
        return Stream.of(
                Arguments.of("AES, every padding byte wrong", AES, plaintext(AES, message, 4)),
                Arguments.of("AES, padding bytes zero", AES, plaintext(AES, message, 0)),
                Arguments.of("AES, one padding byte wrong", AES, oneWrong),
                Arguments.of("AES, pad length 16", AES, padLengthIsABlock),
                Arguments.of("AES, pad length 255", AES, padLength255),
                Arguments.of("AES, a whole block of intact padding", AES, wholeBlockOfPadding),
                Arguments.of("Blowfish, padding bytes zero", BLOWFISH, plaintext(BLOWFISH, message, 0)),
                Arguments.of("XOR, pad length 1", XOR, concat(message, new byte[] {0, 1})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPadding")
    void authenticRecordWithWrongPaddingIsMalformed(String description, Suite suite, byte[] plaintext) throws Exception {
        ProtocolException e = refused(suite, payload(specFrame(suite, plaintext)));
        assertEquals(Reason.MALFORMED, e.reason());
        assertEquals("malformed record padding", e.getMessage());
    }

    // --- Tampering and truncation, at every byte ---

    static Stream<Arguments> payloadPositions() {
        return suites().stream().flatMap(suite ->
                IntStream.range(0, sealedPayload(suite).length).mapToObj(i -> Arguments.of(suite, i)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void untouchedRecordOpensToTheExactData(Suite suite) throws Exception {
        assertArrayEquals(suite.message(), suite.receiver().open(SecureProtocol.DATA, sealedPayload(suite)));
    }

    @ParameterizedTest(name = "{0}, one bit of byte {1} flipped")
    @MethodSource("payloadPositions")
    void anyFlippedBitFailsTheTag(Suite suite, int position) {
        byte[] payload = sealedPayload(suite);
        payload[position] ^= (byte) (1 << (position % 8));
        assertEquals(Reason.BAD_TAG, refused(suite, payload).reason());
    }

    @ParameterizedTest(name = "{0}, cut to {1} bytes")
    @MethodSource("payloadPositions")
    void truncatedRecordIsRefused(Suite suite, int length) {
        Reason reason = refused(suite, Arrays.copyOf(sealedPayload(suite), length)).reason();
        assertTrue(reason == Reason.MALFORMED || reason == Reason.BAD_TAG, reason.toString());
    }

    @Test
    void replayedRecordAndWrongTypeFailTheTag() throws Exception {
        RecordLayer receiver = AES.receiver();
        byte[] payload = sealedPayload(AES);
        assertEquals(Reason.BAD_TAG,
                assertThrows(ProtocolException.class, () -> AES.receiver().open(SecureProtocol.CLOSE, payload.clone())).reason());
        receiver.open(SecureProtocol.DATA, payload.clone());
        assertEquals(Reason.BAD_TAG,
                assertThrows(ProtocolException.class, () -> receiver.open(SecureProtocol.DATA, payload.clone())).reason());
    }

    // --- Round trips ---

    static Stream<Arguments> lengths() {
        return suites().stream().flatMap(suite -> {
            int b = suite.blockSize();
            return IntStream.of(0, 1, b - 1, b, b + 1, SecureProtocol.MAX_MESSAGE)
                    .distinct().mapToObj(length -> Arguments.of(suite, length));
        });
    }

    @ParameterizedTest(name = "{0}, {1} bytes")
    @MethodSource("lengths")
    void dataRoundTripsExactlyAcrossTwoRecords(Suite suite, int length) throws Exception {
        RecordLayer sender = suite.sender();
        RecordLayer receiver = suite.receiver();
        SecureRandom random = new SecureRandom();
        byte[] data = data(length);
        for (int record = 0; record < 2; record++) {
            byte[] frame = sender.seal(SecureProtocol.DATA, data, random);
            assertTrue(frame.length - SecureProtocol.FRAME_HEADER <= SecureProtocol.maxRecordPayload(suite.blockSize()));
            assertArrayEquals(data, receiver.open(SecureProtocol.DATA, payload(frame)));
        }
    }

    /** The receiving limit is exactly the largest record a sender makes: one byte less would refuse it, more is slack. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("suites")
    void theRecordLimitIsTheLargestMessageSealed(Suite suite) {
        byte[] frame = suite.sender().seal(SecureProtocol.DATA, data(SecureProtocol.MAX_MESSAGE), new SecureRandom());
        assertEquals(SecureProtocol.maxRecordPayload(suite.blockSize()), frame.length - SecureProtocol.FRAME_HEADER);
    }

    // --- The end of the sequence numbers ---

    @Test
    void sealRefusesOnceTheSequenceNumberWouldWrap() throws Exception {
        RecordLayer sender = AES.layer(Direction.ENCRYPT, secret(), -2L);
        RecordLayer receiver = AES.layer(Direction.DECRYPT, secret(), -2L);
        byte[] data = data(20);
        byte[] last = sender.seal(SecureProtocol.DATA, data, new SecureRandom());
        assertArrayEquals(data, receiver.open(SecureProtocol.DATA, payload(last)));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> sender.seal(SecureProtocol.DATA, data, new SecureRandom()));
        assertTrue(e.getMessage().contains("the session must end"), e.getMessage());
    }

    @Test
    void openRefusesOnceTheSequenceNumberWouldWrap() throws Exception {
        byte[] payload = sealedPayload(AES);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> AES.layer(Direction.DECRYPT, secret(), -1L).open(SecureProtocol.DATA, payload));
        assertEquals(Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("the session must end"), e.getMessage());
    }

    // --- Rekeying ---

    /**
     * The limit counts ciphertext blocks, the tag excluded: an empty Blowfish record is R and one
     * padded block, 2 blocks, so 2^16 blocks are reached at record 32,768, not one record earlier
     * or later.
     */
    @Test
    void theEpochChangesAtTheRecordThatReachesTheLimit() throws Exception {
        RecordLayer sender = BLOWFISH.sender();
        RecordLayer receiver = BLOWFISH.receiver();
        SecureRandom random = new SecureRandom();
        int records = (int) (SecureProtocol.rekeyLimitBlocks(8) / 2);
        for (int i = 0; i < records - 1; i++) {
            receiver.open(SecureProtocol.DATA, payload(sender.seal(SecureProtocol.DATA, new byte[0], random)));
        }
        assertEquals(0, sender.epoch());
        assertEquals(0, receiver.epoch());
        receiver.open(SecureProtocol.DATA, payload(sender.seal(SecureProtocol.DATA, new byte[0], random)));
        assertEquals(1, sender.epoch());
        assertEquals(1, receiver.epoch());
        assertArrayEquals(data(30), receiver.open(SecureProtocol.DATA, payload(sender.seal(SecureProtocol.DATA, data(30), random))));
    }

    /** A provider of ours, keeping every key and IV array the record layer hands it. */
    static final class KeptKeys implements CipherProvider {
        private final CipherProvider inner;
        final List<byte[]> given = new java.util.ArrayList<>();

        KeptKeys(String name) {
            inner = Vectors.provider(name);
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public List<Integer> keySizes() {
            return inner.keySizes();
        }

        @Override
        public int blockSize() {
            return inner.blockSize();
        }

        @Override
        public int keyLength(int keySize) {
            return inner.keyLength(keySize);
        }

        @Override
        public boolean aead() {
            return inner.aead();
        }

        @Override
        public List<vpn.api.KnownAnswer> knownAnswers() {
            return inner.knownAnswers();
        }

        @Override
        public vpn.api.SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
            given.add(key);
            given.add(iv);
            return inner.newCipher(direction, key, iv);
        }

        @Override
        public vpn.api.AeadCipher newAead(Direction direction, byte[] key) {
            given.add(key);
            return inner.newAead(direction, key);
        }
    }

    /** The keys handed to a cipher are wiped once it holds its own copy (best effort: see RecordLayer). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"Blowfish, 448, 2", "AES-GCM, 256, 1"})
    void theEpochKeysAreWipedOnceTheCipherHasThem(String cipher, int keySize, int arrays) throws Exception {
        KeptKeys provider = new KeptKeys(cipher);
        RecordLayer sender = new RecordLayer(provider, keySize, Direction.ENCRYPT, secret());
        assertEquals(arrays, provider.given.size());
        for (byte[] given : provider.given) {
            assertArrayEquals(new byte[given.length], given);
        }
        // The cipher kept its own copy: the records still open with the keys derived afresh.
        byte[] frame = sender.seal(SecureProtocol.DATA, data(30), new SecureRandom());
        RecordLayer receiver = new RecordLayer(Vectors.provider(cipher), keySize, Direction.DECRYPT, secret());
        assertArrayEquals(data(30), receiver.open(SecureProtocol.DATA, payload(frame)));
    }

    @Test
    void rekeyWipesThePreviousTrafficSecretAndBothSidesMoveOn() throws Exception {
        byte[] sendSecret = secret();
        byte[] receiveSecret = secret();
        RecordLayer sender = BLOWFISH.layer(Direction.ENCRYPT, sendSecret, 0);
        RecordLayer receiver = BLOWFISH.layer(Direction.DECRYPT, receiveSecret, 0);
        SecureRandom random = new SecureRandom();
        byte[] data = data(SecureProtocol.MAX_MESSAGE);
        // 2^16 Blowfish blocks are 512 KiB: about eight records of 64 KiB.
        while (sender.epoch() == 0) {
            assertArrayEquals(secret(), sendSecret, "wiped before the rekey");
            assertArrayEquals(data, receiver.open(SecureProtocol.DATA, payload(sender.seal(SecureProtocol.DATA, data, random))));
        }
        assertEquals(1, receiver.epoch());
        assertArrayEquals(new byte[sendSecret.length], sendSecret);
        assertArrayEquals(new byte[receiveSecret.length], receiveSecret);
        byte[] afterRekey = sender.seal(SecureProtocol.DATA, data(100), random);
        assertArrayEquals(data(100), receiver.open(SecureProtocol.DATA, payload(afterRekey)));
    }
}
