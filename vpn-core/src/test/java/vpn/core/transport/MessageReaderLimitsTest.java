package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * {@link MessageReader}'s limits at, one below and one above each boundary, the bytes it carries
 * from one message to the next, and what it asks of the transport (how much room, how long), seen
 * through a transport that hands out scripted segments and records every read.
 */
class MessageReaderLimitsTest {

    private static final Duration HANDSHAKE = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofMinutes(10);
    private static final Duration SETTLE = Duration.ofMillis(20);
    private static final Limits LIMITS = new Limits(HANDSHAKE, IDLE, SETTLE, IDLE);

    /** One read's request: the room offered and the timeout. */
    private record Read(int room, Duration timeout) {
    }

    /**
     * Each read returns the next scripted segment (cut to the room offered, the rest kept for the
     * next read, as TCP would); a stall is a timeout; past the script, the end of the stream.
     */
    private static final class ScriptedTransport implements Transport {
        private static final byte[] STALL = new byte[0];
        final Deque<byte[]> segments = new ArrayDeque<>();
        final List<Read> reads = new ArrayList<>();

        ScriptedTransport send(byte[]... parts) {
            segments.addAll(Arrays.asList(parts));
            return this;
        }

        ScriptedTransport stall() {
            segments.add(STALL);
            return this;
        }

        @Override
        public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
            reads.add(new Read(length, timeout));
            if (segments.isEmpty()) {
                return -1;
            }
            byte[] next = segments.removeFirst();
            if (next == STALL) {
                throw new SocketTimeoutException("scripted");
            }
            int n = Math.min(length, next.length);
            System.arraycopy(next, 0, buffer, offset, n);
            if (n < next.length) {
                segments.addFirst(Arrays.copyOfRange(next, n, next.length));
            }
            return n;
        }

        @Override
        public void write(byte[] message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String peer() {
            return "scripted";
        }

        @Override
        public void close() {
        }

        List<Integer> rooms() {
            return reads.stream().map(Read::room).toList();
        }
    }

    /** Frames: a two-byte length, then that many bytes; the value is the payload. */
    private static final MessageFormat<byte[]> FRAMES = (buffer, length) -> {
        if (length < 2) {
            return Attempt.needMore();
        }
        int payload = (buffer[0] & 0xff) << 8 | (buffer[1] & 0xff);
        return length < 2 + payload ? Attempt.needMore()
                : Attempt.complete(Arrays.copyOfRange(buffer, 2, 2 + payload), 2 + payload);
    };

    /** Unframed lines: complete (all bytes read) once the last byte is a newline. */
    private static final MessageFormat<String> LINES = (buffer, length) ->
            length > 0 && buffer[length - 1] == '\n'
                    ? Attempt.complete(new String(buffer, 0, length - 1, StandardCharsets.US_ASCII))
                    : Attempt.needMore();

    /** Unframed text that may be whole at any length: settles, as the classic protocol's messages do. */
    private static final MessageFormat<String> SETTLING = (buffer, length) -> {
        String text = new String(buffer, 0, length, StandardCharsets.US_ASCII);
        return Attempt.settle(() -> text);
    };

    /** A frame of {@code total} bytes in all (header included), its payload bytes all {@code fill}. */
    private static byte[] frame(int total, int fill) {
        byte[] frame = new byte[total];
        Arrays.fill(frame, (byte) fill);
        frame[0] = (byte) ((total - 2) >> 8);
        frame[1] = (byte) (total - 2);
        return frame;
    }

    private static byte[] payload(int total, int fill) {
        return Arrays.copyOfRange(frame(total, fill), 2, total);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] part : parts) {
            n += part.length;
        }
        byte[] all = new byte[n];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private final ScriptedTransport transport = new ScriptedTransport();
    private final MessageReader reader = new MessageReader(transport, LIMITS);

    private byte[] readFrame(int maxBytes) throws Exception {
        return reader.read("frame", FRAMES, maxBytes, IDLE);
    }

    private Reason failure(ThrowingRead read) {
        return assertThrows(ProtocolException.class, read::run).reason();
    }

    @FunctionalInterface
    private interface ThrowingRead {
        void run() throws Exception;
    }

    // ---- the size limit, framed: at, below, above; in one read and in pieces ----

    @Test
    void aFrameOneBelowAndExactlyAtTheLimitIsRead() throws Exception {
        transport.send(frame(599, 1), frame(600, 2));
        assertArrayEquals(payload(599, 1), readFrame(600));
        assertArrayEquals(payload(600, 2), readFrame(600));
    }

    @Test
    void aFrameOneAboveTheLimitIsOversizeInOneReadOrInPieces() {
        transport.send(frame(601, 1));
        assertEquals(Reason.OVERSIZE, failure(() -> readFrame(600)));

        ScriptedTransport split = new ScriptedTransport().send(Arrays.copyOf(frame(601, 1), 300),
                Arrays.copyOfRange(frame(601, 1), 300, 601));
        MessageReader splitReader = new MessageReader(split, LIMITS);
        assertEquals(Reason.OVERSIZE, failure(() -> splitReader.read("frame", FRAMES, 600, IDLE)));
    }

    /** Split one byte short of the end: the reader must wait for the last byte, not call it oversize. */
    @Test
    void aFrameAtTheLimitSplitBeforeItsLastByteIsRead() throws Exception {
        byte[] whole = frame(600, 3);
        transport.send(Arrays.copyOf(whole, 599), Arrays.copyOfRange(whole, 599, 600));
        assertArrayEquals(payload(600, 3), readFrame(600));
    }

    /** A full-size frame followed by more: the bytes of the next frame are not counted against this one. */
    @Test
    void aFrameAtTheLimitFollowedByTheNextIsReadAndTheRestCarried() throws Exception {
        transport.send(concat(frame(600, 4), frame(10, 5), Arrays.copyOf(frame(20, 6), 7)),
                Arrays.copyOfRange(frame(20, 6), 7, 20));
        assertArrayEquals(payload(600, 4), readFrame(600));
        assertArrayEquals(payload(10, 5), readFrame(600));
        assertArrayEquals(payload(20, 6), readFrame(600));
        assertEquals(Reason.CLOSED, failure(() -> readFrame(600)));
    }

    /** Carried bytes alone are a whole frame: it is read without waiting for the transport. */
    @Test
    void aCarriedWholeFrameIsReadWithoutReading() throws Exception {
        transport.send(concat(frame(5, 1), frame(6, 2)));
        readFrame(100);
        int readsBefore = transport.reads.size();
        assertArrayEquals(payload(6, 2), readFrame(100));
        assertEquals(readsBefore, transport.reads.size());
    }

    /** Carried bytes of a frame that is too long for the next read's limit are refused as oversize. */
    @Test
    void carriedBytesOverTheNextLimitAreOversize() throws Exception {
        transport.send(concat(frame(10, 1), Arrays.copyOf(frame(300, 2), 101)));
        readFrame(1000);
        assertEquals(Reason.OVERSIZE, failure(() -> readFrame(100)));
    }

    // ---- unframed messages: complete with all the bytes, or settled ----

    @Test
    void aLineAtTheLimitIsReadOneAboveIsOversize() throws Exception {
        transport.send(ascii("x".repeat(99) + "\n"));
        assertEquals("x".repeat(99), reader.read("line", LINES, 100, IDLE));
        ScriptedTransport over = new ScriptedTransport().send(ascii("x".repeat(100) + "\n"));
        MessageReader overReader = new MessageReader(over, LIMITS);
        assertEquals(Reason.OVERSIZE, failure(() -> overReader.read("line", LINES, 100, IDLE)));
    }

    @Test
    void aSettledMessageAtTheLimitIsReadOneAboveIsOversize() throws Exception {
        transport.send(ascii("a".repeat(100))).stall();
        assertEquals("a".repeat(100), reader.read("text", SETTLING, 100, IDLE));

        ScriptedTransport over = new ScriptedTransport().send(ascii("a".repeat(101))).stall();
        MessageReader overReader = new MessageReader(over, LIMITS);
        assertEquals(Reason.OVERSIZE, failure(() -> overReader.read("text", SETTLING, 100, IDLE)));
    }

    /** The limit is reached by the read during the settle time. */
    @Test
    void aSettledMessageThatGrowsPastTheLimitWhileSettlingIsOversize() throws Exception {
        transport.send(ascii("a".repeat(60)), ascii("b".repeat(40))).stall();
        assertEquals("a".repeat(60) + "b".repeat(40), reader.read("text", SETTLING, 100, IDLE));

        ScriptedTransport over = new ScriptedTransport().send(ascii("a".repeat(60)), ascii("b".repeat(41))).stall();
        MessageReader overReader = new MessageReader(over, LIMITS);
        assertEquals(Reason.OVERSIZE, failure(() -> overReader.read("text", SETTLING, 100, IDLE)));
    }

    /** A settled message whose peer closes right after it is still the message. */
    @Test
    void aSettledMessageFollowedByTheEndOfTheStreamIsTheMessage() throws Exception {
        transport.send(ascii("hello"));
        assertEquals("hello", reader.read("text", SETTLING, 100, IDLE));
    }

    // ---- what the reader asks of the transport: timeouts ----

    /** Waiting for a message's first byte takes the caller's timeout (the idle timeout); the rest, the handshake timeout. */
    @Test
    void theFirstByteWaitsTheGivenTimeoutAndTheRestTheHandshakeTimeout() throws Exception {
        byte[] whole = frame(50, 1);
        transport.send(Arrays.copyOf(whole, 10), Arrays.copyOfRange(whole, 10, 50));
        readFrame(100);
        assertEquals(2, transport.reads.size());
        Duration first = transport.reads.get(0).timeout();
        Duration rest = transport.reads.get(1).timeout();
        assertTrue(first.compareTo(HANDSHAKE) > 0 && first.compareTo(IDLE) <= 0, "first byte waited " + first);
        assertTrue(rest.compareTo(HANDSHAKE) <= 0 && rest.compareTo(HANDSHAKE.minusSeconds(5)) > 0, "the rest waited " + rest);
    }

    /** A message begun in the previous read's bytes has started: it gets the handshake timeout, not the idle one. */
    @Test
    void aMessageBegunInCarriedBytesWaitsOnlyTheHandshakeTimeout() throws Exception {
        byte[] second = frame(50, 2);
        transport.send(concat(frame(10, 1), Arrays.copyOf(second, 10)), Arrays.copyOfRange(second, 10, 50));
        readFrame(100);
        assertArrayEquals(payload(50, 2), readFrame(100));
        Duration rest = transport.reads.get(transport.reads.size() - 1).timeout();
        assertTrue(rest.compareTo(HANDSHAKE) <= 0, "the carried message's rest waited " + rest);
    }

    @Test
    void aStalledFrameTimesOut() {
        transport.send(Arrays.copyOf(frame(50, 1), 10)).stall();
        assertEquals(Reason.TIMEOUT, failure(() -> readFrame(100)));
    }

    /** While settling, the reader waits the settle time, not the rest of the handshake timeout. */
    @Test
    void settlingWaitsTheSettleTime() throws Exception {
        transport.send(ascii("hello")).stall();
        reader.read("text", SETTLING, 100, IDLE);
        assertEquals(SETTLE, transport.reads.get(1).timeout());
    }

    // ---- the end of the stream ----

    @Test
    void theEndOfTheStreamBeforeAMessageIsNoMessageAndInsideOneIsAnError() throws Exception {
        assertTrue(reader.readOptional("frame", FRAMES, 100, IDLE).isEmpty());
        ScriptedTransport cut = new ScriptedTransport().send(Arrays.copyOf(frame(50, 1), 1));
        MessageReader cutReader = new MessageReader(cut, LIMITS);
        assertEquals(Reason.CLOSED, failure(() -> cutReader.read("frame", FRAMES, 100, IDLE)));
        assertEquals(Reason.CLOSED, failure(() -> new MessageReader(new ScriptedTransport(), LIMITS).read("frame", FRAMES, 100, IDLE)));
    }

    // ---- the buffer: grows with the message up to one byte past the limit, shrinks when idle ----

    /** Room doubles from 512, but never past one byte over the limit (seen as the room offered to each read). */
    @Test
    void theBufferGrowsByDoublingUpToOneBytePastTheLimit() throws Exception {
        transport.send(frame(600, 1));
        readFrame(600);
        assertEquals(List.of(512, 601 - 512), transport.rooms());
        assertEquals(601, reader.capacity());

        ScriptedTransport big = new ScriptedTransport().send(frame(3000, 1));
        MessageReader bigReader = new MessageReader(big, LIMITS);
        assertEquals(512, bigReader.capacity());
        bigReader.read("frame", FRAMES, 5000, IDLE);
        assertEquals(List.of(512, 512, 1024, 2048), big.rooms());
        assertEquals(4096, bigReader.capacity());
    }

    /**
     * Reads a frame of {@code total} bytes (the limit), then one of {@code small}; the next frame
     * waits. The buffer has then grown to the power of two that held the first (times 512), or to
     * total + 1 if that is smaller.
     */
    private MessageReader afterAFrameOf(ScriptedTransport transport, int total, int small) throws Exception {
        MessageReader reader = new MessageReader(transport, LIMITS);
        transport.send(frame(total, 1), frame(small, 2), frame(5, 3));
        reader.read("frame", FRAMES, total, IDLE);
        reader.read("frame", FRAMES, total, IDLE);
        return reader;
    }

    private static int roomOfLastRead(ScriptedTransport transport) {
        return transport.reads.get(transport.reads.size() - 1).room();
    }

    @Test
    void aBufferOfEightTimesTheInitialSizeIsKeptALargerOneIsDropped() throws Exception {
        ScriptedTransport at = new ScriptedTransport();
        MessageReader atReader = afterAFrameOf(at, 4095, 10);   // buffer: 4096 bytes
        atReader.shrink();
        atReader.read("frame", FRAMES, 4095, IDLE);
        assertEquals(4096, roomOfLastRead(at));

        ScriptedTransport above = new ScriptedTransport();
        MessageReader aboveReader = afterAFrameOf(above, 4099, 10);   // buffer: 4100 bytes
        aboveReader.shrink();
        aboveReader.read("frame", FRAMES, 4099, IDLE);
        assertEquals(512, roomOfLastRead(above));
    }

    /** Kept while the last message used more than a quarter of it (so a stream of large messages does not regrow it). */
    @Test
    void aBufferIsKeptWhileTheLastMessageUsedAQuarterOfIt() throws Exception {
        ScriptedTransport quarter = new ScriptedTransport();
        MessageReader quarterReader = afterAFrameOf(quarter, 4099, 1025);   // buffer 4100 = 4 × 1025
        quarterReader.shrink();
        quarterReader.read("frame", FRAMES, 4099, IDLE);
        assertEquals(4100, roomOfLastRead(quarter));

        ScriptedTransport less = new ScriptedTransport();
        MessageReader lessReader = afterAFrameOf(less, 4099, 1024);   // 4100 > 4 × 1024
        lessReader.shrink();
        lessReader.read("frame", FRAMES, 4099, IDLE);
        assertEquals(512, roomOfLastRead(less));

        ScriptedTransport large = new ScriptedTransport();
        MessageReader largeReader = afterAFrameOf(large, 4099, 4000);
        largeReader.shrink();
        largeReader.read("frame", FRAMES, 4099, IDLE);
        assertEquals(4100, roomOfLastRead(large));
    }

    /** An unframed message's length is all the bytes read: a large one keeps the buffer. */
    @Test
    void aLargeUnframedMessageKeepsTheBuffer() throws Exception {
        transport.send(ascii("x".repeat(5000) + "\n"), ascii("y".repeat(3000) + "\n"));
        reader.read("line", LINES, 8000, IDLE);
        reader.read("line", LINES, 8000, IDLE);
        reader.shrink();
        transport.send(ascii("z\n"));
        assertEquals("z", reader.read("line", LINES, 8000, IDLE));
        assertTrue(roomOfLastRead(transport) > 4096, "room " + roomOfLastRead(transport));
    }

    /** Bytes carried for the next message keep the buffer: shrinking must not lose them. */
    @Test
    void shrinkingKeepsCarriedBytes() throws Exception {
        transport.send(frame(6000, 1), concat(frame(10, 2), frame(12, 3)));
        readFrame(6000);
        readFrame(6000);
        reader.shrink();
        assertArrayEquals(payload(12, 3), readFrame(6000));
    }
}
