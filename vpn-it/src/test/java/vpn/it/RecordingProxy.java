package vpn.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP relay on 127.0.0.1 that records every byte it carries, both ways: what a passive
 * observer of the wire would see. It may send bytes of its own to the server first on each
 * connection, as a load balancer sends a PROXY protocol header.
 */
final class RecordingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int target;
    private final byte[] prefix;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    RecordingProxy(int targetPort) throws IOException {
        this(targetPort, new byte[0]);
    }

    /** @param prefix sent to the server at the start of every connection, before the client's bytes (not recorded) */
    RecordingProxy(int targetPort, byte[] prefix) throws IOException {
        this.target = targetPort;
        this.prefix = prefix.clone();
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Everything carried so far, both directions interleaved. */
    byte[] captured() {
        synchronized (seen) {
            return seen.toByteArray();
        }
    }

    private void accept() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
                server.getOutputStream().write(prefix);
                Thread.ofVirtual().start(() -> pump(client, server));
                Thread.ofVirtual().start(() -> pump(server, client));
            } catch (IOException e) {
                // the server refused this connection: its client sees it closed, the next may be served
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closed either way
                }
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (seen) {
                    seen.write(buffer, 0, n);
                }
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side went away: close both
        } finally {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
