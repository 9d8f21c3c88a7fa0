package vpn.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import vpn.core.channel.MessageChannel;
import vpn.core.transport.SocketTransport;
import vpn.service.echo.EchoReply;

/**
 * Issue 11's attacker: a client that completes the handshake, then asks for the largest echo
 * replies without ever reading them, until the server is blocked writing one. Its receive buffer
 * is small, so that the server's replies fill the buffers quickly.
 */
public final class NonReader implements AutoCloseable {

    /** How long the server may take to log a request before it counts as blocked. */
    private static final Duration GENEROUS = Duration.ofSeconds(2);

    private final Socket socket;
    private final long requests;

    private NonReader(Socket socket, long requests) {
        this.socket = socket;
        this.requests = requests;
    }

    /**
     * Connects, handshakes with {@code client}, and sends requests until the server, which logs
     * each request on {@code serverLines} before replying, takes no more: it is then blocked writing.
     */
    public static NonReader stall(EchoClient client, int port, Recorder serverLines) throws Exception {
        Socket socket = new Socket();
        try {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            MessageChannel channel = client.handshake(new SocketTransport(socket), "127.0.0.1:" + port, new Recorder())
                    .channel().unwrap();
            // Not UTF-8, so that the server logs a short line for each, not the text.
            byte[] request = new byte[EchoReply.maxMessage(channel.maxMessageBytes())];
            Arrays.fill(request, (byte) 0xff);
            // One request at a time, each once the server has taken the one before (classic records
            // have no framing: two read at once would be one bad record), until it takes no more.
            long base = received(serverLines);
            long sent = 0;
            do {
                channel.send(request);
                sent++;
            } while (awaitReceived(serverLines, base + sent));
            return new NonReader(socket, sent);
        } catch (Exception | Error e) {
            socket.close();
            throw e;
        }
    }

    /** How many requests the server logged on {@code serverLines}. */
    public static long received(Recorder serverLines) {
        return serverLines.lines().stream().filter(l -> l.contains("Received: (")).count();
    }

    /** The server's lines without the many requests'. */
    public static String summary(Recorder serverLines) {
        return received(serverLines) + " requests received; " + serverLines.lines().stream()
                .filter(l -> !l.contains("Received: (")).toList();
    }

    /** @return false if the server did not log the {@code count}th request in a generous time */
    private static boolean awaitReceived(Recorder serverLines, long count) throws InterruptedException {
        long deadline = System.nanoTime() + GENEROUS.toNanos();
        while (System.nanoTime() < deadline) {
            if (received(serverLines) >= count) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    public int localPort() {
        return socket.getLocalPort();
    }

    public long requests() {
        return requests;
    }

    /** Waits for the connection's end (after what was buffered): end of stream or reset. */
    public void awaitClosedByTheServer() throws IOException {
        socket.setSoTimeout(10_000);
        byte[] buffer = new byte[65536];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // what the server wrote before it gave up
            }
        } catch (SocketException reset) {
            // closed with unread data: a reset, which is an end too
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
