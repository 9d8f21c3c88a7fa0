package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.TranscriptLogger;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.ServerIdentity;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/** Which lines a server prints: operational ones always, the sessions' own unless quiet, more when verbose. */
class VerbosityTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));

    @ParameterizedTest
    @EnumSource(VpnServer.Verbosity.class)
    void eachVerbosityPrintsItsLines(VpnServer.Verbosity verbosity) throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        ServerIdentity identity = ServerIdentity.generate(Fixtures.RANDOM);
        Recorder lines = new Recorder();
        try (VpnServer server = new VpnServer(Fixtures.server(registry, LIMITS, identity), 4, lines,
                VpnServer.Threads.VIRTUAL, verbosity)) {
            int port = server.bind("127.0.0.1", 0).getPort();
            server.start();
            try (EchoSession session = Fixtures.client(registry, LIMITS, ClientSecurity.secure(Fixtures.freshKnownHosts()))
                    .connect("127.0.0.1", port, new Recorder())) {
                assertEquals("Server says: olleh", session.exchange("hello"));
            }
            // Every verbosity prints the arrival; the session's end is waited for through the open count.
            assertTrue(lines.awaitLineContaining("New client: 127.0.0.1:", 5000), lines.lines().toString());
            for (int i = 0; i < 500 && server.openSessions() > 0; i++) {
                Thread.sleep(10);
            }
            assertEquals(0, server.openSessions());
        }
        List<String> printed = lines.lines();
        assertEquals(verbosity != VpnServer.Verbosity.QUIET, printed.contains("Received: hello"), printed.toString());
        assertEquals(verbosity != VpnServer.Verbosity.QUIET, printed.contains("Negotiating the cipher"), printed.toString());
        assertEquals(verbosity == VpnServer.Verbosity.VERBOSE,
                printed.stream().anyMatch(l -> l.startsWith("Ended 127.0.0.1:")), printed.toString());
        assertTrue(printed.get(0).startsWith("Listening on 127.0.0.1:"), printed.toString());
    }

    @org.junit.jupiter.api.Test
    void aQuietServerStillSaysWhoAuthenticatedAndWhoseSessionsItEnded() throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        vpn.core.keys.UserKey alice = vpn.core.keys.UserKey.generate(Fixtures.RANDOM);
        vpn.core.keys.UserDirectory users = key -> java.util.Arrays.equals(key, alice.publicKey())
                ? java.util.Optional.of(new vpn.api.service.User("alice", alice.fingerprint(), alice.publicKey()))
                : java.util.Optional.empty();
        Recorder lines = new Recorder();
        try (VpnServer server = new VpnServer(Fixtures.server(registry, LIMITS, ServerIdentity.generate(Fixtures.RANDOM),
                vpn.core.service.ServiceRegistry.of(new vpn.service.echo.EchoService()),
                UserPolicy.authorized(users, false)), 4, lines, VpnServer.Threads.VIRTUAL, VpnServer.Verbosity.QUIET)) {
            int port = server.bind("127.0.0.1", 0).getPort();
            server.start();
            ClientSecurity security = ClientSecurity.secure(Fixtures.freshKnownHosts())
                    .withIdentity(vpn.core.keys.IdentityLoader.holding(alice, "memory"));
            try (EchoSession session = Fixtures.client(registry, LIMITS, security).connect("127.0.0.1", port,
                    new Recorder())) {
                assertEquals("Server says: olleh", session.exchange("hello"));
                assertEquals(1, server.endSessionsOfKeys(java.util.Set.of(alice.fingerprint())));
            }
            assertTrue(lines.awaitLineContaining("Ending the session of alice from 127.0.0.1:", 5000),
                    lines.lines().toString());
        }
        List<String> printed = lines.lines();
        assertTrue(printed.contains("User alice authenticated (" + alice.fingerprint() + ")"), printed.toString());
        assertTrue(!printed.contains("Received: hello"), "still quiet about the session's own lines: " + printed);
    }

    @ParameterizedTest
    @EnumSource(System.Logger.Level.class)
    void theLoggerPrintsEachLevelItsWay(System.Logger.Level level) {
        Recorder lines = new Recorder();
        System.Logger log = new TranscriptLogger("test", lines, System.Logger.Level.INFO);
        log.log(level, "text {0}", 1);
        String expected = switch (level) {
            case ERROR -> "error: text 1";
            case WARNING -> "warning: text 1";
            case INFO -> "text 1";
            default -> null;
        };
        assertEquals(expected == null ? List.of() : List.of(expected), lines.lines());
    }
}
