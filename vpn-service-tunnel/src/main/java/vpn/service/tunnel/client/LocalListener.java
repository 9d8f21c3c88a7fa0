package vpn.service.tunnel.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The local port of {@code vpn forward} or {@code vpn socks}: accepts until closed, each connection
 * handed to {@code handler} on a virtual thread of its own.
 */
final class LocalListener implements AutoCloseable {

    /** What is done with one accepted connection; it owns the socket. */
    @FunctionalInterface
    interface Handler {
        void handle(Socket socket);
    }

    private final ServerSocket server;

    private LocalListener(ServerSocket server) {
        this.server = server;
    }

    /** @throws IOException if the port cannot be had; the message names the address */
    static LocalListener bind(InetAddress address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(address, port), 128);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + text(address, port) + ": " + e.getMessage(), e);
        }
        return new LocalListener(server);
    }

    /** {@code 127.0.0.1:P} or {@code [::1]:P}, the port the system gave when 0 was asked. */
    String address() {
        return text(server.getInetAddress(), server.getLocalPort());
    }

    static String text(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Accepts on a thread of its own until {@link #close()}. */
    void acceptInBackground(Handler handler) {
        Thread.ofVirtual().name("tunnel-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().name("tunnel-local").start(() -> handler.handle(socket));
                } catch (IOException closedOrFailed) {
                    if (server.isClosed()) {
                        return;
                    }
                    pause(); // out of file descriptors, say: no busy loop while it lasts
                }
            }
        });
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
