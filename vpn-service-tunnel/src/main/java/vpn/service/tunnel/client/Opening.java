package vpn.service.tunnel.client;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import vpn.service.tunnel.protocol.TunnelMessage;

/** Opening a channel for a local connection, once more on the next session if the one it found had just ended. */
final class Opening {

    private Opening() {
    }

    static Optional<TunnelMessage.Refused> open(Sessions sessions, Socket local, String host, int port,
            Runnable beforeStart) throws IOException {
        TunnelClient tunnel = sessions.current();
        try {
            return tunnel.open(local, host, port, beforeStart);
        } catch (IOException endedMeanwhile) {
            TunnelClient next = sessions.current();
            if (next == tunnel) {
                throw endedMeanwhile;
            }
            return next.open(local, host, port, beforeStart);
        }
    }
}
