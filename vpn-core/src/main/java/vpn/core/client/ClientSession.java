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
}
