package vpn.core.testing;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.MessageReader;

/**
 * For the property tests: a message read the way a session reads it, through a
 * {@link MessageReader} with its byte limit, from bytes a peer sent (split into the given
 * segments) before closing the connection. The peer's close ends every wait at once, so no read
 * sleeps through a settle time or a timeout.
 */
public final class Wire {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));

    private Wire() {
    }

    /**
     * One message of {@code format}, at most {@code maxBytes}, from {@code bytes} sent in one write.
     *
     * @throws ProtocolException as the session's reader throws it: malformed, oversize, closed too early
     */
    public static <T> T read(byte[] bytes, MessageFormat<T> format, int maxBytes) throws ProtocolException, IOException {
        return read(bytes, new int[0], format, maxBytes);
    }

    /**
     * As {@link #read(byte[], MessageFormat, int)}, the bytes arriving in segments, cut where
     * {@code cuts} say: any numbers, each taken modulo the length, as a property generates them.
     */
    public static <T> T read(byte[] bytes, int[] cuts, MessageFormat<T> format, int maxBytes)
            throws ProtocolException, IOException {
        PipeTransport[] pipe = PipeTransport.pair();
        // A socket never reads zero bytes: no empty segments, and nothing at all for nothing.
        if (bytes.length > 0) {
            pipe[0].writeSplit(bytes, java.util.Arrays.stream(cuts).map(cut -> Math.floorMod(cut, bytes.length + 1))
                    .filter(cut -> cut > 0 && cut < bytes.length).sorted().distinct().toArray());
        }
        pipe[0].close();
        return new MessageReader(pipe[1], LIMITS).read("message", format, maxBytes, LIMITS.handshakeTimeout());
    }

    /**
     * What {@code format} makes of {@code bytes} as they are, a settle decided as the reader decides
     * it when nothing more comes: the protocol error, if there is one. Any other exception escapes.
     */
    public static <T> Optional<ProtocolException> error(MessageFormat<T> format, byte[] bytes) {
        return switch (format.attempt(bytes, bytes.length)) {
            case Attempt.Fail<T> fail -> Optional.of(fail.error());
            case Attempt.Settle<T> settle -> {
                try {
                    settle.decision().decide();
                    yield Optional.empty();
                } catch (ProtocolException e) {
                    yield Optional.of(e);
                }
            }
            case Attempt.Complete<T> complete -> Optional.empty();
            case Attempt.NeedMore<T> needMore -> Optional.empty();
        };
    }
}
