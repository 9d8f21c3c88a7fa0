package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.testing.PipeTransport;

/**
 * {@link MessageReader}, which every protocol reads through: framed messages sent back to back
 * and cut anywhere are read one by one, exactly (the bytes of the next are carried over); the
 * byte limit holds exactly at its edge for framed messages and for unframed ones that settle; on
 * any stream the reader gives messages, a clean end, or a {@link ProtocolException}, nothing else.
 */
class MessageReaderProperties {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));

    /** A framed message: a u16 length, then that many bytes. The reader's limit is the only one. */
    private static final MessageFormat<byte[]> FRAMED = (buffer, length) -> {
        if (length < 2) {
            return Attempt.needMore();
        }
        int end = 2 + ((buffer[0] & 0xff) << 8 | (buffer[1] & 0xff));
        return length < end ? Attempt.needMore() : Attempt.complete(Arrays.copyOfRange(buffer, 2, end), end);
    };

    /** An unframed message that may be whole at any point: the reader takes what came once nothing more does. */
    private static final MessageFormat<byte[]> UNFRAMED = (buffer, length) -> {
        byte[] message = Arrays.copyOf(buffer, length);
        return Attempt.settle(() -> message);
    };

    private static byte[] framed(byte[] payload) {
        byte[] message = new byte[2 + payload.length];
        message[0] = (byte) (payload.length >> 8);
        message[1] = (byte) payload.length;
        System.arraycopy(payload, 0, message, 2, payload.length);
        return message;
    }

    /** A reader of what a peer sent, cut where {@code cuts} say, before closing the connection. */
    private static MessageReader readerOf(byte[] sent, int[] cuts) {
        PipeTransport[] pipe = PipeTransport.pair();
        // A socket never reads zero bytes: no empty segments, and nothing at all for nothing.
        if (sent.length > 0) {
            pipe[0].writeSplit(sent, Arrays.stream(cuts).map(cut -> Math.floorMod(cut, sent.length + 1))
                    .filter(cut -> cut > 0 && cut < sent.length).sorted().distinct().toArray());
        }
        pipe[0].close();
        return new MessageReader(pipe[1], LIMITS);
    }

    @Provide
    Arbitrary<List<byte[]>> payloads() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(50),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(5000))
                .list().ofMaxSize(8);
    }

    @Property(tries = 500)
    void framedMessagesBackToBackAreReadOneByOne(@ForAll("payloads") List<byte[]> payloads, @ForAll int[] cuts,
            @ForAll boolean shrink) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        payloads.forEach(p -> stream.writeBytes(framed(p)));
        MessageReader reader = readerOf(stream.toByteArray(), cuts);
        for (byte[] payload : payloads) {
            assertArrayEquals(payload, reader.read("message", FRAMED, 2 + 5000, LIMITS.handshakeTimeout()));
            if (shrink) {
                reader.shrink();
            }
        }
        assertEquals(Optional.empty(), reader.readOptional("message", FRAMED, 2 + 5000, LIMITS.handshakeTimeout()));
    }

    /** A framed message of at most {@code max} bytes is read, even with the next one's bytes behind it; longer is oversize. */
    @Property(tries = 300)
    void framedMessagesUpToTheLimit(@ForAll @IntRange(min = 3, max = 3000) int max,
            @ForAll @IntRange(min = -1, max = 1) int beyond, @ForAll @Size(max = 10) byte[] following, @ForAll int[] cuts)
            throws Exception {
        byte[] payload = new byte[max - 2 + beyond];
        byte[] next = Arrays.copyOf(following, Math.min(following.length, max - 2));
        byte[] stream = concat(framed(payload), framed(next));
        MessageReader reader = readerOf(stream, cuts);
        if (beyond <= 0) {
            assertArrayEquals(payload, reader.read("message", FRAMED, max, LIMITS.handshakeTimeout()));
            assertArrayEquals(next, reader.read("message", FRAMED, max, LIMITS.handshakeTimeout()));
        } else {
            assertOversize(reader, FRAMED, max);
        }
    }

    /** The same for unframed messages, which the reader takes once they settle. */
    @Property(tries = 300)
    void unframedMessagesUpToTheLimit(@ForAll @IntRange(min = 2, max = 3000) int max,
            @ForAll @IntRange(min = -1, max = 1) int beyond, @ForAll int[] cuts) throws Exception {
        byte[] message = new byte[max + beyond];
        Arrays.fill(message, (byte) 'x');
        MessageReader reader = readerOf(message, cuts);
        if (beyond <= 0) {
            assertArrayEquals(message, reader.read("message", UNFRAMED, max, LIMITS.handshakeTimeout()));
        } else {
            assertOversize(reader, UNFRAMED, max);
        }
    }

    @Property(tries = 500)
    void anyStreamGivesMessagesACleanEndOrAProtocolError(@ForAll @Size(max = 3000) byte[] stream, @ForAll int[] cuts,
            @ForAll boolean framed, @ForAll @IntRange(min = 1, max = 2000) int max) throws Exception {
        MessageFormat<byte[]> format = framed ? FRAMED : UNFRAMED;
        MessageReader reader = readerOf(stream, cuts);
        for (int messages = 0; messages <= stream.length; messages++) {
            try {
                if (reader.readOptional("message", format, max, LIMITS.handshakeTimeout()).isEmpty()) {
                    return;
                }
            } catch (ProtocolException e) {
                assertTrue(Set.of(Reason.OVERSIZE, Reason.CLOSED).contains(e.reason()), e.reason() + ": " + e.getMessage());
                return;
            }
        }
        throw new AssertionError("more messages than bytes");
    }

    private static void assertOversize(MessageReader reader, MessageFormat<byte[]> format, int max) {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> reader.read("message", format, max, LIMITS.handshakeTimeout()));
        assertEquals(Reason.OVERSIZE, e.reason());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
