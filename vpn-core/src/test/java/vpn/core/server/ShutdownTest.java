package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.core.Limits;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.ServerIdentity;
import vpn.core.testing.EchoClient;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.NonReader;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/**
 * Closing a server, which {@code vpn server} does on SIGTERM: it stops accepting, ends every
 * session properly (secure mode: with its Close), and is done within a bounded time, whatever the
 * peers do.
 */
class ShutdownTest {

    /** Long, so that the write deadline cannot be what bounds the shutdown. */
    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(60))
            .withIdleTimeout(Duration.ofSeconds(60))
            .withWriteTimeout(Duration.ofSeconds(60));
    private static final Duration MARGIN = Duration.ofSeconds(3);
    private static final ServerIdentity IDENTITY = ServerIdentity.generate(Fixtures.RANDOM);

    @Test
    void everySessionIsEndedProperlyAndAPeerThatDoesNotReadHoldsTheCloseUpOnlyForTheGrace() throws Exception {
        Recorder serverLines = new Recorder();
        Fixtures.RunningServer server = Fixtures.startServer(LIMITS, IDENTITY, serverLines);
        try (EchoSession secure = client(ClientSecurity.secure(Fixtures.freshKnownHosts()))
                        .connect("127.0.0.1", server.port(), new Recorder());
                EchoSession classic = client(Fixtures.classicOnly()).connect("127.0.0.1", server.port(), new Recorder());
                Socket silent = new Socket();
                NonReader stalled = NonReader.stall(client(ClientSecurity.secure(Fixtures.freshKnownHosts())),
                        server.port(), serverLines)) {
            assertEquals("Server says: ko", secure.exchange("ok"));
            assertEquals("Server says: ko", classic.exchange("ok"));
            silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000); // in the handshake, forever

            long start = System.nanoTime();
            Thread closing = Thread.ofVirtual().start(() -> {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            closing.join(VpnServer.SHUTDOWN_GRACE.plus(MARGIN));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertFalse(closing.isAlive(), "the server was still closing after " + took + ": "
                    + NonReader.summary(serverLines));

            // The secure session's receive returns empty only for a verified Close record.
            assertEquals(Optional.empty(), secure.channel().unwrap().receive(Duration.ofSeconds(5)));
            assertEquals(Optional.empty(), classic.channel().unwrap().receive(Duration.ofSeconds(5)));
            assertEnded(silent);
            stalled.awaitClosedByTheServer();
            assertTrue(serverLines.lines().contains("Ending 3 sessions"), NonReader.summary(serverLines));
            try (Socket late = new Socket()) {
                assertThrows(() -> late.connect(new InetSocketAddress("127.0.0.1", server.port()), 2000));
            }
        } finally {
            server.close();
        }
    }

    private static EchoClient client(ClientSecurity security) throws Exception {
        return Fixtures.client(CipherRegistry.ofProviders(Vectors.provider("AES")), LIMITS, security);
    }

    private static void assertEnded(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        try {
            assertEquals(-1, socket.getInputStream().read());
        } catch (SocketException reset) {
            // an end too
        }
    }

    private static void assertThrows(org.junit.jupiter.api.function.Executable connect) {
        org.junit.jupiter.api.Assertions.assertThrows(IOException.class, connect, "the server no longer accepts");
    }
}
