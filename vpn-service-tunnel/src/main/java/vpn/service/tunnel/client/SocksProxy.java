package vpn.service.tunnel.client;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.util.Optional;
import vpn.service.tunnel.protocol.TunnelMessage;
import vpn.service.tunnel.protocol.TunnelProtocol;

/** {@code vpn socks}'s work for each accepted connection: the SOCKS5 handshake, then a channel to the target it names. */
final class SocksProxy implements LocalListener.Handler {

    private final Sessions sessions;

    SocksProxy(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void handle(Socket socket) {
        try {
            socket.setSoTimeout((int) TunnelProtocol.SOCKS_HANDSHAKE_TIMEOUT.toMillis());
            InputStream raw = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            // Unbuffered: nothing the client sends after its request may be read ahead here and lost.
            Optional<Socks5.Request> request = Socks5.handshake(new DataInputStream(raw), out);
            if (request.isEmpty()) {
                Closing.quietly(socket);
                return;
            }
            socket.setSoTimeout(0);
            Optional<TunnelMessage.Refused> refused = Opening.open(sessions, socket, request.get().host(),
                    request.get().port(), () -> replySucceeded(out));
            if (refused.isPresent()) {
                Socks5.reply(out, Socks5.replyFor(refused.get().reason()));
                Closing.quietly(socket);
            }
        } catch (IOException | UncheckedIOException e) {
            Closing.quietly(socket);
        }
    }

    private static void replySucceeded(OutputStream out) {
        try {
            Socks5.reply(out, Socks5.SUCCEEDED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
