package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
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
                NonReader attacker = NonReader.stall(client(mode), server.port(), serverLines)) {
            long blocked = System.nanoTime();

            assertAGoodClientIsServed(server.port());
            String line = "Closed 127.0.0.1:" + attacker.localPort() + ": the peer stopped reading for 2 s";
            assertTrue(serverLines.awaitLineContaining(line, WRITE_TIMEOUT.plus(MARGIN).toMillis()), mode + ": no line '"
                    + line + "' after " + attacker.requests() + " requests: " + NonReader.summary(serverLines));
            Duration closedAfter = Duration.ofNanos(System.nanoTime() - blocked);
            assertTrue(closedAfter.compareTo(WRITE_TIMEOUT.plus(MARGIN)) < 0, "closed after " + closedAfter);
            assertEquals(1, serverLines.lines().stream().filter(l -> l.startsWith("Closed 127.0.0.1:")).count(),
                    NonReader.summary(serverLines));
            attacker.awaitClosedByTheServer();
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

    private static void assertAGoodClientIsServed(int port) throws Exception {
        try (EchoSession session = client("secure").connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: ko", session.exchange("ok"));
        }
    }
}
