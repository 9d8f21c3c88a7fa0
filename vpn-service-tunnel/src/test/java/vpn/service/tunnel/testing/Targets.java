package vpn.service.tunnel.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP server on 127.0.0.1 for tests: each accepted connection handed to {@code behaviour} on a virtual thread. */
public final class Targets implements AutoCloseable {

    /** What the target does with a connection; throws freely. */
    @FunctionalInterface
    public interface Behaviour {
        void serve(Socket socket) throws Exception;
    }

    private final ServerSocket server;

    private Targets(ServerSocket server) {
        this.server = server;
    }

    public static Targets start(Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Targets targets = new Targets(server);
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (socket) {
                            behaviour.serve(socket);
                        } catch (Exception ignored) {
                            // the test sees what the client sees
                        }
                    });
                } catch (IOException closed) {
                    return;
                }
            }
        });
        return targets;
    }

    /** Echoes everything, then closes its side after the client's EOF. */
    public static final Behaviour ECHO = socket -> {
        socket.getInputStream().transferTo(socket.getOutputStream());
        socket.shutdownOutput();
    };

    public int port() {
        return server.getLocalPort();
    }

    /** A port on which nothing listens (this one, once closed). */
    public static int closedPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
