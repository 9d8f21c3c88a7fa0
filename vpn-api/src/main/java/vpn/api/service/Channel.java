package vpn.api.service;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * An established, protected conversation between a client and a server: whole messages, in
 * order, each at most {@link #maxMessageBytes()} bytes. What the core hands a service's client
 * half once the handshake is done, in either protocol.
 *
 * <p>{@link #send} may be called from any thread; {@link #receive} and {@link #awaitReply} from
 * one thread at a time. Failures are {@link IOException}s; a peer that breaks the protocol gives a
 * {@link ChannelException} whose message is one log-safe line.
 */
public interface Channel extends AutoCloseable {

    /**
     * Sends one message.
     *
     * @throws IllegalArgumentException if it is longer than {@link #maxMessageBytes()}; nothing is
     *     sent then and the channel stays usable
     */
    void send(byte[] message) throws IOException;

    /**
     * Sends {@code length} bytes of {@code bytes} from {@code offset} as one message, as
     * {@link #send(byte[])} does: for a sender that reuses its buffer, such as a stream copied in
     * chunks. The bytes are the caller's again once it returns; a channel that can sends them
     * without copying them first.
     *
     * @throws IllegalArgumentException if longer than {@link #maxMessageBytes()}
     */
    default void send(byte[] bytes, int offset, int length) throws IOException {
        send(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * The next message, waiting up to the session's idle timeout; empty when the peer ended the
     * session properly.
     */
    Optional<byte[]> receive() throws IOException;

    /**
     * The next message, as {@link #receive()}, but written into {@code buffer} from its start: for
     * a receiver that reuses its buffer, such as a stream taken in chunks. A channel that can opens
     * the message into it without an array of its own. After an exception the buffer holds nothing
     * of meaning.
     *
     * @return the message's length, or -1 when the peer ended the session properly
     * @throws IllegalArgumentException if {@code buffer} is shorter than {@link #maxMessageBytes()}
     */
    default int receive(byte[] buffer) throws IOException {
        if (buffer.length < maxMessageBytes()) {
            throw new IllegalArgumentException("a buffer for messages needs " + maxMessageBytes()
                    + " bytes, not " + buffer.length);
        }
        Optional<byte[]> message = receive();
        if (message.isEmpty()) {
            return -1;
        }
        byte[] bytes = message.get();
        System.arraycopy(bytes, 0, buffer, 0, bytes.length);
        return bytes.length;
    }

    /**
     * The peer's reply to what this side just sent, waiting up to the reply timeout; empty when
     * the peer ended the session instead.
     *
     * @param expected the reply the caller expects. The classic protocol has no framing: with it,
     *     the channel knows at once when the reply is complete instead of waiting to see whether
     *     more bytes follow. The reply returned may differ from it. Framed channels ignore it.
     */
    Optional<byte[]> awaitReply(byte[] expected) throws IOException;

    /**
     * Whether each message arrives in a frame of its own (secure mode), so that a thread may wait
     * in {@link #receive} at any time, and so learn at once that the peer ended the session or the
     * connection broke, even while the user is still typing. False for the classic protocol, whose
     * replies have no framing: they are read with {@link #awaitReply} when one is due, and only
     * then does a client see that the server is gone.
     */
    default boolean framed() {
        return false;
    }

    /** The longest message {@link #send} accepts. */
    int maxMessageBytes();

    /** The user this session authenticated as, when the server asked for one; empty for anonymous sessions. */
    default Optional<Identity> identity() {
        return Optional.empty();
    }

    /** Ends the session: in secure mode with an authenticated close, so the peer sees no truncation. */
    @Override
    void close() throws IOException;
}
