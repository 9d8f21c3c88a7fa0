package vpn.core.channel;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import vpn.core.ProtocolException;
import vpn.core.negotiation.CipherSuite;

/**
 * An established session in either protocol, as the core drives it: what both handshakes
 * ({@code classic} and {@code secure}) return, and all the pipeline knows of them. Services see it
 * through {@link ServiceChannel} (client) or the server's session object.
 *
 * <p>{@link #send} is thread-safe; the receiving methods are called from one thread at a time.
 */
public interface MessageChannel {

    CipherSuite suite();

    /** True for secure mode: the server is authenticated and both directions are protected. */
    boolean secure();

    /** The longest message {@link #send} accepts (and the peer may send). */
    int maxMessageBytes();

    /** @throws IllegalArgumentException if longer than {@link #maxMessageBytes()}; nothing is sent */
    void send(byte[] message) throws IOException;

    /**
     * Sends {@code length} bytes of {@code bytes} from {@code offset} as one message: for a sender
     * that reuses its buffer (the bytes are the caller's again once it returns). Secure mode seals
     * them where they lie; others copy them first.
     *
     * @throws IllegalArgumentException if longer than {@link #maxMessageBytes()}; nothing is sent
     */
    default void send(byte[] bytes, int offset, int length) throws IOException {
        send(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /**
     * Sends several messages in order; secure mode seals them all and writes them at once, so a
     * queue of small messages costs one system call. Thread-safe.
     *
     * @throws IllegalArgumentException if one is longer than {@link #maxMessageBytes()}; nothing is sent
     */
    default void sendAll(java.util.List<byte[]> messages) throws IOException {
        for (byte[] message : messages) {
            if (message.length > maxMessageBytes()) {
                throw new IllegalArgumentException("a message holds at most " + maxMessageBytes()
                        + " bytes, not " + message.length);
            }
        }
        for (byte[] message : messages) {
            send(message);
        }
    }

    /** The next message; empty when the peer ended the session properly. */
    Optional<byte[]> receive(Duration timeout) throws IOException, ProtocolException;

    /**
     * The next message, written into {@code buffer} from its start: for a receiver that reuses
     * its buffer, such as a stream taken in chunks. Secure mode opens the record into it, with no
     * array of its own per message; others copy. After an exception the buffer holds nothing of
     * meaning.
     *
     * @return the message's length, or -1 when the peer ended the session properly
     * @throws IllegalArgumentException if {@code buffer} is shorter than {@link #maxMessageBytes()}
     */
    default int receive(byte[] buffer, Duration timeout) throws IOException, ProtocolException {
        requireRoom(buffer);
        Optional<byte[]> message = receive(timeout);
        if (message.isEmpty()) {
            return -1;
        }
        byte[] bytes = message.get();
        System.arraycopy(bytes, 0, buffer, 0, bytes.length);
        return bytes.length;
    }

    /** @throws IllegalArgumentException if {@code buffer} cannot hold a message of {@link #maxMessageBytes()} */
    default void requireRoom(byte[] buffer) {
        if (buffer.length < maxMessageBytes()) {
            throw new IllegalArgumentException("a buffer for messages needs " + maxMessageBytes()
                    + " bytes, not " + buffer.length);
        }
    }

    /**
     * The reply to what was just sent; empty when the peer ended the session instead.
     *
     * @param expected the reply expected, which ends an unframed (classic) reply at once
     */
    default Optional<byte[]> receiveReply(byte[] expected, Duration timeout) throws IOException, ProtocolException {
        return receive(timeout);
    }

    /** Ends the session properly (secure mode: with the authenticated close) and closes the connection. */
    void close() throws IOException;

    /** Closes the connection at once, with no close message: after an error. */
    void abort() throws IOException;
}
