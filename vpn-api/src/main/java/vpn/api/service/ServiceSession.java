package vpn.api.service;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One client's session as the server half of a service sees it, once the handshake is done. The
 * core reads the client's messages and hands each to the service's {@link SessionHandler}; the
 * service answers, now or later and from any thread, with {@link #send}.
 */
public interface ServiceSession {

    /**
     * Sends one message to this session's client; thread-safe, so that a service can deliver to
     * one session from another's thread (a chat room does).
     *
     * @throws IllegalArgumentException if it is longer than {@link #maxMessageBytes()}
     */
    void send(byte[] message) throws IOException;

    /**
     * Sends {@code length} bytes of {@code bytes} from {@code offset} as one message, as
     * {@link #send(byte[])} does: for a sender that reuses its buffer, such as a stream copied in
     * chunks. The bytes are the caller's again once it returns; the core seals them without
     * copying them first. Thread-safe.
     *
     * @throws IllegalArgumentException if longer than {@link #maxMessageBytes()}
     */
    default void send(byte[] bytes, int offset, int length) throws IOException {
        send(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * Sends several messages in order, as one write to the network where the protocol allows: a
     * service that queues messages for a client flushes its queue with this. Thread-safe.
     *
     * @throws IllegalArgumentException if one is longer than {@link #maxMessageBytes()}; nothing is sent then
     */
    default void sendAll(List<byte[]> messages) throws IOException {
        for (byte[] message : messages) {
            if (message.length > maxMessageBytes()) {
                throw new IllegalArgumentException("a message holds at most " + maxMessageBytes() + " bytes");
            }
        }
        for (byte[] message : messages) {
            send(message);
        }
    }

    /** The longest message {@link #send} accepts. */
    int maxMessageBytes();

    /** The authenticated user; always present for a service that {@linkplain Service#needsUsers() needs users}. */
    Optional<User> user();

    /** The client's address, {@code IP:PORT}, for log lines. */
    String peer();

    /** Writes one line to the server's transcript for this session. Print peer text through an escaper first. */
    void log(String line);

    /** Ends the session from the server's side (the core sends its close and stops reading). */
    void close();

    /**
     * Drops the connection at once, without waiting for anything: for a client that stopped
     * reading, whose pending writes would block {@link #close()}. The core logs {@code reason}
     * (one line, log-safe) with the session.
     */
    void disconnect(String reason);
}
