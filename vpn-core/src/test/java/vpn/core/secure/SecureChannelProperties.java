package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.negotiation.CipherSuite;
import vpn.testing.Mutations;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Vectors;
import vpn.core.transport.MessageReader;

/**
 * A secure channel reading what a peer wrote on the wire ({@link SecureChannel#receive}): the
 * records of a stream are delivered in order and exactly; a stream damaged anywhere delivers
 * the records before the damage, unchanged, then ends with a {@link ProtocolException}, never
 * with another exception and never with a record from after the damage; a record whose data is
 * over {@link SecureProtocol#MAX_MESSAGE} (possible only through maximal padding) is oversize.
 */
class SecureChannelProperties {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));
    private static final Set<Reason> STREAM_ERRORS = Set.of(Reason.BAD_TAG, Reason.MALFORMED, Reason.OVERSIZE,
            Reason.CLOSED);

    /** A peer's record layer sealing what the channel under test, on the other end of a pipe, receives. */
    record Ends(RecordLayer peer, PipeTransport wire, SecureChannel channel) {
        static Ends open(String cipher, int keySize) {
            CipherProvider provider = Vectors.provider(cipher);
            byte[] secret = new byte[SecureProtocol.TRAFFIC_SECRET_LENGTH];
            byte[] unused = new byte[SecureProtocol.TRAFFIC_SECRET_LENGTH];
            RANDOM.nextBytes(secret);
            RANDOM.nextBytes(unused);
            PipeTransport[] pipe = PipeTransport.pair();
            SecureChannel channel = new SecureChannel(pipe[1], new MessageReader(pipe[1], LIMITS),
                    new CipherSuite(cipher, keySize), KeyExchange.X25519, "fp", provider, unused, secret.clone(),
                    RANDOM, new byte[32]);
            return new Ends(new RecordLayer(provider, keySize, Direction.ENCRYPT, secret), pipe[0], channel);
        }

        /** Every message the channel delivers until the stream ends; the error that ended it. */
        ProtocolException receiveAll(List<byte[]> delivered) throws Exception {
            while (true) {
                try {
                    Optional<byte[]> message = channel.receive(LIMITS.idleTimeout());
                    if (message.isEmpty()) {
                        throw new AssertionError("a Close record verified, which no one sealed");
                    }
                    delivered.add(message.get());
                } catch (ProtocolException e) {
                    return e;
                }
            }
        }
    }

    @Provide
    Arbitrary<String> suites() {
        return Arbitraries.of("AES:256", "Blowfish:448", "XOR:256");
    }

    @Provide
    Arbitrary<List<byte[]>> messages() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(500).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    @Property(tries = 300)
    void aDamagedStreamDeliversWhatCameBeforeTheDamageThenFails(@ForAll("suites") String suite,
            @ForAll("messages") List<byte[]> messages, @ForAll("mutations") List<Mutations.Mutation> mutations,
            @ForAll int[] cuts) throws Exception {
        Ends ends = Ends.open(suite.split(":")[0], Integer.parseInt(suite.split(":")[1]));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        messages.forEach(m -> stream.writeBytes(ends.peer().seal(SecureProtocol.DATA, m, RANDOM)));
        byte[] damaged = stream.toByteArray();
        for (Mutations.Mutation mutation : mutations) {
            damaged = mutation.apply(damaged);
        }
        ends.wire().writeSplit(damaged, cutsWithin(cuts, damaged.length));
        ends.wire().close();

        List<byte[]> delivered = new ArrayList<>();
        ProtocolException end = ends.receiveAll(delivered);

        assertTrue(STREAM_ERRORS.contains(end.reason()), end.reason() + ": " + end.getMessage());
        assertTrue(delivered.size() <= messages.size());
        for (int i = 0; i < delivered.size(); i++) {
            assertArrayEquals(messages.get(i), delivered.get(i), "message " + i);
        }
    }

    /** Undamaged, however cut: every message, then the truncation the missing Close record means. */
    @Property(tries = 200)
    void aStreamIsDeliveredWholeWhateverItsCuts(@ForAll("suites") String suite,
            @ForAll("messages") List<byte[]> messages, @ForAll int[] cuts) throws Exception {
        Ends ends = Ends.open(suite.split(":")[0], Integer.parseInt(suite.split(":")[1]));
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        messages.forEach(m -> stream.writeBytes(ends.peer().seal(SecureProtocol.DATA, m, RANDOM)));
        ends.wire().writeSplit(stream.toByteArray(), cutsWithin(cuts, stream.size()));
        ends.wire().close();

        List<byte[]> delivered = new ArrayList<>();
        assertEquals(Reason.CLOSED, ends.receiveAll(delivered).reason());
        assertEquals(messages.size(), delivered.size());
        for (int i = 0; i < delivered.size(); i++) {
            assertArrayEquals(messages.get(i), delivered.get(i), "message " + i);
        }
    }

    /**
     * Up to {@link SecureProtocol#MAX_MESSAGE} bytes of data are delivered; more (which fits in the
     * largest record only through maximal padding, or takes a larger frame) is oversize. The
     * channel itself never sends more.
     */
    @Property(tries = 60)
    void messagesOfAtMostTheLimit(@ForAll("suites") String suite, @ForAll @IntRange(min = -1, max = 16) int beyond)
            throws Exception {
        Ends ends = Ends.open(suite.split(":")[0], Integer.parseInt(suite.split(":")[1]));
        byte[] data = new byte[SecureProtocol.MAX_MESSAGE + beyond];
        ends.wire().write(ends.peer().seal(SecureProtocol.DATA, data, RANDOM));
        if (beyond <= 0) {
            assertArrayEquals(data, ends.channel().receive(LIMITS.idleTimeout()).orElseThrow());
        } else {
            assertThrows(IllegalArgumentException.class, () -> ends.channel().send(data));
            ProtocolException e = assertThrows(ProtocolException.class, () -> ends.channel().receive(LIMITS.idleTimeout()));
            assertEquals(Reason.OVERSIZE, e.reason());
        }
    }

    private static int[] cutsWithin(int[] cuts, int length) {
        return java.util.Arrays.stream(cuts).map(cut -> Math.floorMod(cut, length + 1))
                .filter(cut -> cut > 0 && cut < length).sorted().distinct().toArray();
    }
}
