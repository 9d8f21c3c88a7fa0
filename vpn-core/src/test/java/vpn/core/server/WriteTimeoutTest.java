package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.core.Limits;
import vpn.core.channel.MessageChannel;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.ServerIdentity;
import vpn.core.testing.EchoClient;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;
import vpn.core.transport.SocketTransport;
import vpn.service.echo.EchoReply;

/**
 * A client that completes the handshake, stops reading, and asks for large replies: the server's
 * write blocks once the buffers are full. Every write has a deadline (issue 11): the session is
 * closed with one line saying why, and the server serves others all along.
 */
class WriteTimeoutTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(2);
    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(10))
            .withIdleTimeout(Duration.ofSeconds(60))
            .withWriteTimeout(WRITE_TIMEOUT);
    /** Enough for a loaded machine; the deadline itself is checked every 200 ms. */
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final ServerIdentity IDENTITY = ServerIdentity.generate(Fixtures.RANDOM);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secure", "classic"})
    void aClientThatStopsReadingIsClosedAfterTheWriteTimeoutWhileOthersAreServed(String mode) throws Exception {
        Recorder serverLines = new Recorder();
        try (Fixtures.RunningServer server = Fixtures.startServer(LIMITS, IDENTITY, serverLines);
                Socket socket = new Socket()) {
            // A small window, so that the server's replies fill the buffers quickly.
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
            EchoSession attacker = client(mode).handshake(new SocketTransport(socket), "127.0.0.1:" + server.port(),
                    new Recorder());
            MessageChannel channel = attacker.channel().unwrap();
            // Not UTF-8, so that the server logs a short line for each, not the text.
            byte[] request = new byte[EchoReply.maxMessage(channel.maxMessageBytes())];
            Arrays.fill(request, (byte) 0xff);
            // One request at a time, each once the server has taken the one before (classic records
            // have no framing: two read at once would be one bad record), until it takes no more:
            // it is then blocked writing a reply that the attacker does not read.
            long sent = 0;
            do {
                channel.send(request);
                sent++;
            } while (awaitReceived(serverLines, sent));
            long blocked = System.nanoTime();

            assertAGoodClientIsServed(server.port());
            String line = "Closed 127.0.0.1:" + socket.getLocalPort() + ": the peer stopped reading for 2 s";
            assertTrue(serverLines.awaitLineContaining(line, WRITE_TIMEOUT.plus(MARGIN).toMillis()),
                    mode + ": no line '" + line + "' after " + sent + " requests: " + summary(serverLines));
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - blocked);
            assertTrue(closedAfter.compareTo(WRITE_TIMEOUT.plus(MARGIN)) < 0, "closed after " + closedAfter);
            assertEquals(1, serverLines.lines().stream().filter(l -> l.startsWith("Closed 127.0.0.1:")).count(),
                    summary(serverLines));
            assertClosedByTheServer(socket);
            assertAGoodClientIsServed(server.port());
        }
    }

    private static EchoClient client(String mode) throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.provider("AES"));
        ClientSecurity security = mode.equals("secure")
                ? ClientSecurity.secure(Fixtures.freshKnownHosts())
                : Fixtures.classicOnly();
        return Fixtures.client(registry, LIMITS, security);
    }

    /**
     * Waits for the server to log the {@code count}th request, which it does before replying.
     *
     * @return false if it did not within a generous time: it is blocked writing an earlier reply
     */
    private static boolean awaitReceived(Recorder serverLines, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < deadline) {
            if (received(serverLines) >= count) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
    }

    /** The attacker's connection ends (after what was buffered), by end of stream or reset. */
    private static void assertClosedByTheServer(Socket socket) throws IOException {
        socket.setSoTimeout(10_000);
        byte[] buffer = new byte[65536];
        try {
            while (socket.getInputStream().read(buffer) >= 0) {
                // what the server wrote before it gave up
            }
        } catch (java.net.SocketException reset) {
            // closed with unread data: a reset, which is an end too
        }
    }

    private static long received(Recorder serverLines) {
        return serverLines.lines().stream().filter(l -> l.contains("Received: (")).count();
    }

    /** The server's lines without the many requests'. */
    private static String summary(Recorder serverLines) {
        return received(serverLines) + " requests received; " + serverLines.lines().stream()
                .filter(l -> !l.contains("Received: (")).toList();
    }

    private static void assertAGoodClientIsServed(int port) throws Exception {
        try (EchoSession session = client("secure").connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: ko", session.exchange("ok"));
        }
    }
}
