package vpn.service.tunnel.relay;

import java.io.IOException;

/** Where a relay's messages go: the session's channel (client) or the service session (server); thread-safe. */
@FunctionalInterface
public interface Outbound {

    void send(byte[] message) throws IOException;
}
