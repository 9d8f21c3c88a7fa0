package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.testing.Bytes;
import vpn.core.testing.ScriptedTransport;

/**
 * Fuzzes {@link MessageReader} itself, against a model: length-prefixed messages sent back to back
 * (as secure mode's records are), cut into segments of any size, read with a limit of any size.
 * Each read must give exactly the next message, or refuse one longer than the limit as oversize,
 * or report the end (cleanly between messages, as truncation inside one, or as a timeout); the
 * reader's buffer never grows past the limit, and what it allocates grows with what it reads, not
 * faster, however the bytes are cut.
 */
class MessageReaderFuzzTest {

    /** Never reached: the transport answers every read at once, and the clock is not the model's. */
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofHours(1));
    /** Two messages of the largest limit, then the stream is cut. */
    private static final int MAX_STREAM = 1 << 17;
    /** Reads per input at most: segments grow with the stream, so that every input runs fast. */
    private static final int MAX_READS = 1 << 15;

    /** A message: its length (u16), then that many bytes; what follows belongs to the next. */
    private static final MessageFormat<byte[]> PREFIXED = (buffer, length) -> {
        if (length < 2) {
            return Attempt.needMore();
        }
        int size = 2 + ((buffer[0] & 0xff) << 8 | (buffer[1] & 0xff));
        return length < size ? Attempt.needMore() : Attempt.complete(Arrays.copyOfRange(buffer, 2, size), size);
    };

    /**
     * Input: {@code limit (u16) || segment (u8) || flags (u8) || messages}, where each message is
     * {@code length (u16) || the next at most 255 bytes of the input, repeated to that length}; flag
     * bit 0 ends with a timeout, bit 1 shrinks the reader after each message, as the channels do.
     */
    @FuzzTest
    @Timeout(10)
    void prefixedMessages(byte[] input) throws IOException {
        int at = 0;
        int limit = input.length > 1 ? (input[0] & 0xff) << 8 | (input[1] & 0xff) : 0;
        int segment = input.length > 2 ? input[2] & 0xff : 0;
        int flags = input.length > 3 ? input[3] & 0xff : 0;
        at = 4;
        List<byte[]> messages = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        while (at + 1 < input.length && stream.size() < MAX_STREAM) {
            int length = (input[at] & 0xff) << 8 | (input[at + 1] & 0xff);
            int patternLength = at + 2 < input.length ? Math.min(input[at + 2] & 0xff, input.length - at - 3) : 0;
            byte[] pattern = Arrays.copyOfRange(input, Math.min(at + 3, input.length),
                    Math.min(at + 3, input.length) + patternLength);
            at += 3 + patternLength;
            byte[] body = Bytes.repeat(pattern, length);
            messages.add(body);
            stream.write(length >>> 8);
            stream.write(length);
            stream.writeBytes(body);
        }
        // A last byte of the input, if any, is a message cut short.
        boolean cut = at == input.length - 1;
        if (cut) {
            stream.write(input[at]);
        }
        boolean timeout = (flags & 1) != 0;
        if (segment > 0) {
            segment = Math.max(segment, stream.size() / MAX_READS);
        }
        byte[] bytes = stream.toByteArray();
        MessageReader reader = new MessageReader(new ScriptedTransport(List.of(bytes), segment, timeout, false), LIMITS);
        check(reader, messages, limit, flags, cut, timeout);

        // Again, once the classes are loaded, to measure: a few small objects per read, a copy of each message.
        long before = THREADS.getCurrentThreadAllocatedBytes();
        drain(new MessageReader(new ScriptedTransport(List.of(bytes), segment, timeout, false), LIMITS), limit);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long reads = segment == 0 ? 1 : bytes.length / segment + 1;
        assertTrue(allocated <= 4L * bytes.length + 256 * reads + (1 << 20),
                "reading " + bytes.length + " bytes in " + reads + " reads allocated " + allocated);
    }

    private static void drain(MessageReader reader, int limit) throws IOException {
        try {
            while (reader.readOptional("message", PREFIXED, limit, LIMITS.handshakeTimeout()).isPresent()) {
                reader.shrink();
            }
        } catch (ProtocolException end) {
            // as check() found
        }
    }

    private static void check(MessageReader reader, List<byte[]> messages, int limit, int flags, boolean cut,
            boolean timeout) throws IOException {
        for (byte[] expected : messages) {
            Optional<byte[]> message;
            try {
                message = reader.readOptional("message", PREFIXED, limit, LIMITS.handshakeTimeout());
            } catch (ProtocolException e) {
                assertTrue(2 + expected.length > limit, "refused a message of " + (2 + expected.length)
                        + " bytes within the limit of " + limit + ": " + e.getMessage());
                assertEquals(Reason.OVERSIZE, e.reason(), e.getMessage());
                assertBounded(reader, limit);
                return;
            }
            assertTrue(2 + expected.length <= limit, "took a message of " + (2 + expected.length)
                    + " bytes over the limit of " + limit);
            assertArrayEquals(expected, message.orElseThrow());
            assertBounded(reader, limit);
            if ((flags & 2) != 0) {
                reader.shrink();
            }
        }
        Optional<Reason> end = cut && limit < 1 ? Optional.of(Reason.OVERSIZE)
                : timeout ? Optional.of(Reason.TIMEOUT)
                : cut ? Optional.of(Reason.CLOSED)
                : Optional.empty();
        try {
            Optional<byte[]> after = reader.readOptional("message", PREFIXED, limit, LIMITS.handshakeTimeout());
            assertTrue(end.isEmpty() && after.isEmpty(), "after the last message: "
                    + after.map(m -> m.length + " bytes").orElse("the end") + ", expected " + end);
        } catch (ProtocolException e) {
            assertEquals(end, Optional.of(e.reason()), e.getMessage());
        }
        assertBounded(reader, limit);
    }

    private static void assertBounded(MessageReader reader, int limit) {
        assertTrue(reader.capacity() <= Math.max(512, limit + 1),
                "the reader holds " + reader.capacity() + " bytes for a limit of " + limit);
    }
}
