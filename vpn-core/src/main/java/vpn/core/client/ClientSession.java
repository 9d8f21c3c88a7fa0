package vpn.core.client;

import java.io.Closeable;
import java.io.IOException;
import vpn.core.ProtocolException;
import vpn.core.negotiation.CipherSuite;

/** An established session, from the client's side, in either mode. */
public interface ClientSession extends Closeable {

    CipherSuite suite();

    /** True for secure mode: the server is authenticated and both directions are protected. */
    boolean secure();

    /** The longest message (UTF-8 bytes) one exchange can carry. */
    int maxMessageBytes();

    /**
     * Sends one message and returns the server's reply, such as {@code Server says: olleh}.
     *
     * @throws IllegalArgumentException if the message is longer than {@link #maxMessageBytes()};
     *     nothing is sent then and the session goes on
     */
    String exchange(String message) throws IOException, ProtocolException;

    /** The message's UTF-8 bytes, or the {@link IllegalArgumentException} that {@link #exchange} promises. */
    default byte[] checkedBytes(String message) {
        byte[] bytes = message.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length > maxMessageBytes()) {
            throw new IllegalArgumentException("the message is " + bytes.length
                    + " bytes; one message holds at most " + maxMessageBytes());
        }
        return bytes;
    }
}
