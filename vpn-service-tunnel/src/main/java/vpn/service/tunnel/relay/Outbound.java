package vpn.service.tunnel.relay;

import java.io.IOException;

/** Where a relay's messages go: the session's channel (client) or the service session (server); thread-safe. */
@FunctionalInterface
public interface Outbound {

    /** Sends {@code length} bytes of {@code bytes} from {@code offset} as one message; they are the caller's again once it returns. */
    void send(byte[] bytes, int offset, int length) throws IOException;

    default void send(byte[] message) throws IOException {
        send(message, 0, message.length);
    }
}
