package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.testing.Mutations;
import vpn.core.testing.Vectors;
import vpn.core.transport.Attempt;

/**
 * Secure mode's records ({@link RecordLayer}, docs/protocol-secure.md section 5) for each block
 * size we ship (16, 8, 1): every record of a session opens to its data, whatever the data and the
 * record type; a record changed anywhere fails its tag; a payload of any bytes, and even a
 * correctly tagged one of arbitrary ciphertext (which only a broken peer sends), is opened or
 * refused with {@link Reason#BAD_TAG} or {@link Reason#MALFORMED}, never another exception; the
 * largest message fills the largest record payload exactly.
 */
class RecordLayerProperties {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final List<Integer> TYPES = List.of(SecureProtocol.DATA, SecureProtocol.CLOSE,
            SecureProtocol.SERVICE, SecureProtocol.USER_AUTH);

    /** A cipher at a key size and one direction's first traffic secret. */
    record Suite(String cipher, int keySize, byte[] secret) {
        CipherProvider provider() {
            return Vectors.provider(cipher);
        }

        int blockSize() {
            return provider().blockSize();
        }

        RecordLayer sender() {
            return new RecordLayer(provider(), keySize, Direction.ENCRYPT, secret.clone());
        }

        RecordLayer receiver() {
            return new RecordLayer(provider(), keySize, Direction.DECRYPT, secret.clone());
        }

        @Override
        public String toString() {
            return cipher + "-" + keySize;
        }
    }

    @Provide
    Arbitrary<Suite> suites() {
        Arbitrary<byte[]> secrets = Arbitraries.bytes().array(byte[].class).ofSize(SecureProtocol.TRAFFIC_SECRET_LENGTH);
        return Combinators.combine(Arbitraries.of("AES:128", "AES:256", "Blowfish:448", "DES:56", "XOR:256", "None:256"),
                secrets).as((suite, secret) -> new Suite(suite.split(":")[0], Integer.parseInt(suite.split(":")[1]), secret));
    }

    /** A record to seal: its type and its data. */
    record Message(int type, byte[] data) {
        @Override
        public String toString() {
            return "type " + type + ", " + data.length + " bytes";
        }
    }

    @Provide
    Arbitrary<List<Message>> sessions() {
        Arbitrary<byte[]> data = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(3000));
        return Combinators.combine(Arbitraries.of(TYPES), data).as(Message::new).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 500)
    void everyRecordOfASessionOpensToItsData(@ForAll("suites") Suite suite, @ForAll("sessions") List<Message> session)
            throws ProtocolException {
        RecordLayer sender = suite.sender();
        RecordLayer receiver = suite.receiver();
        for (Message message : session) {
            Frames.Frame frame = frame(suite, sender.seal(message.type(), message.data(), RANDOM));
            assertEquals(message.type(), frame.type());
            assertArrayEquals(message.data(), receiver.open(frame.type(), frame.payload()));
        }
    }

    /**
     * Changed anywhere (type, length, ciphertext, tag), a record that the framing reads whole is
     * refused, unless its type and payload are still the sealed ones (junk after a frame is the
     * next frame's start); what is cut short or oversize never reaches the record layer.
     */
    @Property(tries = 500)
    void aChangedRecordIsRefused(@ForAll("suites") Suite suite, @ForAll @Size(max = 200) byte[] data,
            @ForAll("mutations") List<Mutations.Mutation> mutations) {
        byte[] sealed = suite.sender().seal(SecureProtocol.DATA, data, RANDOM);
        byte[] changed = sealed;
        for (Mutations.Mutation mutation : mutations) {
            changed = mutation.apply(changed);
        }
        Attempt<Frames.Frame> attempt = Frames.format(SecureProtocol.maxRecordPayload(suite.blockSize()))
                .attempt(changed, changed.length);
        if (attempt instanceof Attempt.Complete<Frames.Frame> complete) {
            Frames.Frame frame = complete.value();
            boolean unchanged = frame.type() == SecureProtocol.DATA
                    && Arrays.equals(frame.payload(), Arrays.copyOfRange(sealed, SecureProtocol.FRAME_HEADER, sealed.length));
            if (!unchanged) {
                assertRefused(suite.receiver(), frame.type(), frame.payload(), Set.of(Reason.BAD_TAG, Reason.MALFORMED));
            }
        }
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    @Property
    void anyPayloadIsRefused(@ForAll("suites") Suite suite, @ForAll @Size(max = 300) byte[] payload) {
        assertRefused(suite.receiver(), SecureProtocol.DATA, payload, Set.of(Reason.BAD_TAG, Reason.MALFORMED));
    }

    /**
     * Arbitrary ciphertext with a correct tag, which only a broken peer holding the keys could
     * send: its padding is checked without any exception but the protocol's.
     */
    @Property
    void correctlyTaggedGarbageOpensOrIsMalformed(@ForAll("suites") Suite suite,
            @ForAll @IntRange(min = 1, max = 40) int blocks, @ForAll @Size(max = 40 * 16) byte[] garbage) throws Exception {
        byte[] ciphertext = Arrays.copyOf(garbage, blocks * suite.blockSize());
        byte[] payload = tagged(suite, ciphertext);
        try {
            byte[] data = suite.receiver().open(SecureProtocol.DATA, payload);
            assertTrue(data.length <= ciphertext.length - SecureProtocol.randomPrefix(suite.blockSize()) - 1);
        } catch (ProtocolException e) {
            assertEquals(Reason.MALFORMED, e.reason());
        }
    }

    /** The largest message fills the largest payload exactly; every record's frame is within the limit. */
    @Property(tries = 50)
    void theLargestMessageFillsTheLargestRecord(@ForAll("suites") Suite suite,
            @ForAll @IntRange(min = 0, max = 16) int shorter) throws ProtocolException {
        byte[] data = new byte[SecureProtocol.MAX_MESSAGE - shorter];
        Frames.Frame frame = frame(suite, suite.sender().seal(SecureProtocol.DATA, data, RANDOM));
        int max = SecureProtocol.maxRecordPayload(suite.blockSize());
        assertTrue(frame.payload().length <= max);
        if (shorter == 0) {
            assertEquals(max, frame.payload().length);
        }
        assertArrayEquals(data, suite.receiver().open(SecureProtocol.DATA, frame.payload()));
    }

    // ---- Helpers ----

    /** The sealed bytes as the receiver's framing reads them, within the limit of the suite's records. */
    private static Frames.Frame frame(Suite suite, byte[] sealed) {
        Attempt<Frames.Frame> attempt = Frames.format(SecureProtocol.maxRecordPayload(suite.blockSize()))
                .attempt(sealed, sealed.length);
        Attempt.Complete<Frames.Frame> complete = assertInstanceOf(Attempt.Complete.class, attempt);
        assertEquals(sealed.length, complete.consumed());
        return complete.value();
    }

    private static void assertRefused(RecordLayer receiver, int type, byte[] payload, Set<Reason> reasons) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> receiver.open(type, payload));
        assertTrue(reasons.contains(e.reason()), e.reason() + ": " + e.getMessage());
    }

    /** {@code ciphertext || tag}, tagged as record 0 of epoch 0 (section 5, rebuilt from the spec). */
    private static byte[] tagged(Suite suite, byte[] ciphertext) throws Exception {
        KeySchedule.EpochKeys keys = KeySchedule.epochKeys(suite.secret(), suite.provider(), suite.keySize());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(keys.macKey(), "HmacSHA256"));
        mac.update(ByteBuffer.allocate(13).putLong(0).put((byte) SecureProtocol.DATA).putInt(ciphertext.length).array());
        byte[] tag = mac.doFinal(ciphertext);
        return ByteBuffer.allocate(ciphertext.length + tag.length).put(ciphertext).put(tag).array();
    }
}
