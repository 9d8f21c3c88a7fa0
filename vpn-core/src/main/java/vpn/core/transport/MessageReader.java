package vpn.core.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Reads whole messages from a {@link Transport}, with a size limit and a timeout on every message:
 * the classic protocol's unframed messages and secure mode's frames alike. The peers send each
 * message in one write, but TCP may still deliver it in several segments, or several messages in
 * one; the {@link MessageFormat} says after each read whether a message is complete and how many
 * bytes it took, and bytes past it are carried over to the next read.
 * The buffer grows with the message, so an idle session holds only a small one.
 */
public final class MessageReader {

    private static final int INITIAL_BUFFER = 512;

    private final Transport transport;
    private final Limits limits;
    private byte[] buffer = new byte[INITIAL_BUFFER];
    /** Bytes already read that belong to the next message (framed protocols only). */
    private int carried;
    /** The length of the last message read, to size the buffer for the next. */
    private int lastMessageLength;

    public MessageReader(Transport transport, Limits limits) {
        this.transport = transport;
        this.limits = limits;
    }

    /**
     * Reads one message that must come.
     *
     * @param what the message's name for error texts ("proposal", "DH value")
     * @throws ProtocolException if it is malformed, too long, late, or the peer closes first
     */
    public <T> T read(String what, MessageFormat<T> format, int maxBytes, Duration timeout)
            throws ProtocolException, IOException {
        Optional<T> message = readOptional(what, format, maxBytes, timeout);
        if (message.isEmpty()) {
            throw new ProtocolException(Reason.CLOSED, "connection closed before the " + what);
        }
        return message.get();
    }

    /**
     * Reads one message, or nothing if the peer closes the connection cleanly before its first
     * byte (how a classic session ends). Once the first byte is here, the rest must follow within
     * the handshake timeout.
     *
     * @param firstByteTimeout how long to wait for the message to begin
     */
    public <T> Optional<T> readOptional(String what, MessageFormat<T> format, int maxBytes, Duration firstByteTimeout)
            throws ProtocolException, IOException {
        int length = carried;
        carried = 0;
        long deadline = System.nanoTime()
                + (length == 0 ? firstByteTimeout : limits.handshakeTimeout()).toNanos();
        boolean readFirst = length == 0;
        while (true) {
            if (readFirst) {
                int n = readSome(what, length, maxBytes, remaining(deadline, what));
                if (n < 0) {
                    if (length == 0) {
                        return Optional.empty();
                    }
                    throw new ProtocolException(Reason.CLOSED, "connection closed in the middle of the " + what);
                }
                if (length == 0) {
                    deadline = System.nanoTime() + limits.handshakeTimeout().toNanos();
                }
                length += n;
            }
            readFirst = true;
            Attempt<T> attempt = format.attempt(buffer, length);
            while (attempt instanceof Attempt.Settle<T> settle) {
                // A settled message is every byte read (only unframed formats settle), and the
                // read before the format was asked may have brought one byte past the limit.
                if (length > maxBytes) {
                    throw oversize(what, maxBytes);
                }
                Duration wait = min(limits.settleTime(), remaining(deadline, what));
                int more = readMoreWithin(what, length, maxBytes, wait);
                if (more <= 0) {
                    lastMessageLength = length;
                    return Optional.of(settle.decision().decide());
                }
                length += more;
                if (length > maxBytes) {
                    throw oversize(what, maxBytes);
                }
                attempt = format.attempt(buffer, length);
            }
            switch (attempt) {
                case Attempt.Complete<T> complete -> {
                    if ((complete.consumed() >= 0 ? complete.consumed() : length) > maxBytes) {
                        throw oversize(what, maxBytes);
                    }
                    lastMessageLength = complete.consumed() >= 0 ? complete.consumed() : length;
                    keepRest(complete.consumed(), length);
                    return Optional.of(complete.value());
                }
                case Attempt.Fail<T> fail -> throw fail.error();
                case Attempt.NeedMore<T> needMore -> {
                    if (length > maxBytes) {
                        throw oversize(what, maxBytes);
                    }
                }
                case Attempt.Settle<T> settle -> throw new AssertionError("handled above");
            }
        }
    }

    /** Moves the bytes after a complete message to the front, for the next read. */
    private void keepRest(int consumed, int length) {
        if (consumed >= 0 && consumed < length) {
            System.arraycopy(buffer, consumed, buffer, 0, length - consumed);
            carried = length - consumed;
        }
    }

    /** Reads within the settle time; 0 if nothing came, -1 at end of stream. */
    private int readMoreWithin(String what, int length, int maxBytes, Duration wait)
            throws ProtocolException, IOException {
        try {
            return readSome(what, length, maxBytes, wait);
        } catch (ProtocolException e) {
            if (e.reason() == Reason.TIMEOUT) {
                return 0;
            }
            throw e;
        }
    }

    private int readSome(String what, int length, int maxBytes, Duration timeout)
            throws ProtocolException, IOException {
        // Room for one byte past the limit, so that an oversize message is seen as such. The bytes
        // read may run into the next message (framed protocols send records back to back), so the
        // limit is the caller's to check against the message the format finds, not against them.
        // The buffer doubles when it is full, not whenever it is less than twice what it holds:
        // that grew it by two bytes for each byte read, and a record cut into one-byte segments
        // cost a copy of the whole buffer per byte, some 1 GB for 64 KB.
        if (length == buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(length + 1, Math.min(maxBytes + 1, 2 * buffer.length)));
        }
        try {
            return transport.read(buffer, length, buffer.length - length, timeout);
        } catch (SocketTimeoutException e) {
            throw new ProtocolException(Reason.TIMEOUT, "timed out waiting for the " + what);
        }
    }

    private static Duration remaining(long deadline, String what) throws ProtocolException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw new ProtocolException(Reason.TIMEOUT, "timed out waiting for the " + what);
        }
        return Duration.ofNanos(nanos);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static ProtocolException oversize(String what, int maxBytes) {
        return new ProtocolException(Reason.OVERSIZE, "the " + what + " is longer than " + maxBytes + " bytes");
    }

    /**
     * The size of the buffer this reader holds now: its first 512 bytes, or at most one byte more
     * than the largest limit it was asked to read with (for tests and diagnostics).
     */
    public int capacity() {
        return buffer.length;
    }

    /**
     * Drops a large buffer once the messages have become small again, so that sessions idle after
     * small messages hold a small buffer, while a stream of large messages keeps its buffer instead
     * of regrowing it for each one.
     */
    public void shrink() {
        if (buffer.length > INITIAL_BUFFER * 8 && buffer.length > 4 * lastMessageLength && carried == 0) {
            buffer = new byte[INITIAL_BUFFER];
        }
    }
}
