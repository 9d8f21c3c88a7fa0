package vpn.service.tunnel.client;

import java.io.IOException;
import java.net.Socket;
import java.util.Optional;
import java.util.function.Consumer;
import vpn.service.tunnel.protocol.TunnelMessage;

/** {@code vpn forward}'s work for each accepted connection: a channel to the one target. */
final class Forwarder implements LocalListener.Handler {

    private final Sessions sessions;
    private final String host;
    private final int port;
    private final Consumer<String> warnings;

    Forwarder(Sessions sessions, String host, int port, Consumer<String> warnings) {
        this.sessions = sessions;
        this.host = host;
        this.port = port;
        this.warnings = warnings;
    }

    @Override
    public void handle(Socket socket) {
        try {
            Optional<TunnelMessage.Refused> refused = Opening.open(sessions, socket, host, port, () -> { });
            if (refused.isPresent()) {
                warnings.accept("warning: " + vpn.api.service.Printable.of(refused.get().text()));
                Closing.reset(socket); // as the target's own refusal would
            }
        } catch (IOException sessionEnded) {
            Closing.reset(socket);
        }
    }
}
