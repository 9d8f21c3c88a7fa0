package vpn.service.tunnel.client;

import java.io.IOException;
import java.net.Socket;

/** Closing a local socket: quietly, or with a reset, as a refused connection looks to its program. */
final class Closing {

    private Closing() {
    }

    static void quietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }

    static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException ignored) {
            // closed below
        }
        quietly(socket);
    }
}
