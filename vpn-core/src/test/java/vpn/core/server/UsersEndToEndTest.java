package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.channel.ServiceChannel;
import vpn.core.client.VpnClient;
import vpn.core.keys.IdentityLoader;
import vpn.core.keys.UserDirectory;
import vpn.core.keys.UserKey;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.ServerIdentity;
import vpn.core.service.ServiceRegistry;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;
import vpn.service.echo.EchoService;

/** Users end to end over 127.0.0.1: the real server and client, authenticating inside secure mode. */
class UsersEndToEndTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5))
            .withIdleTimeout(Duration.ofSeconds(5));
    private static final CipherRegistry CIPHERS = ciphers();
    private static final UserKey ALICE = UserKey.generate(Fixtures.RANDOM);
    private static final UserKey MALLORY = UserKey.generate(Fixtures.RANDOM);
    private static final UserDirectory USERS = key -> Arrays.equals(key, ALICE.publicKey())
            ? Optional.of(new User("alice", ALICE.fingerprint(), ALICE.publicKey()))
            : Optional.empty();

    /** A service that needs users and answers every message with its session's user name. */
    static final class WhoAmI implements Service {
        @Override
        public String name() {
            return "whoami";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean needsUsers() {
            return true;
        }

        @Override
        public SessionHandler open(ServiceSession session) {
            String name = session.user().orElseThrow().name();
            return message -> session.send(name.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static CipherRegistry ciphers() {
        try {
            return CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        } catch (vpn.core.registry.RegistryException e) {
            throw new IllegalStateException(e);
        }
    }

    private final List<VpnServer> servers = new ArrayList<>();
    private final Recorder serverLines = new Recorder();

    @AfterEach
    void stop() throws IOException {
        for (VpnServer server : servers) {
            server.close();
        }
    }

    private int start(UserPolicy users) throws IOException {
        VpnServer server = new VpnServer(Fixtures.server(CIPHERS, LIMITS, ServerIdentity.generate(Fixtures.RANDOM),
                ServiceRegistry.of(new EchoService(), new WhoAmI()), users), 16, serverLines);
        servers.add(server);
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        return port;
    }

    private static IdentityLoader holding(UserKey key) {
        return IdentityLoader.holding(key, "target/no-such-key");
    }

    private static VpnClient client(ClientSecurity security) {
        return new VpnClient(CIPHERS, Fixtures.DH, LIMITS, Fixtures.RANDOM, security);
    }

    private static ClientSecurity secure(IdentityLoader identity) {
        return ClientSecurity.secure(Fixtures.freshKnownHosts()).withIdentity(identity);
    }

    @Test
    void anAuthorizedUserGetsAServiceThatNeedsUsersAndKnowsWhoItIs() throws Exception {
        int port = start(UserPolicy.authorized(USERS, false));
        Recorder clientLines = new Recorder();
        try (ServiceChannel channel = client(secure(holding(ALICE))).connect("127.0.0.1", port, "whoami", 1,
                clientLines)) {
            assertEquals("alice", channel.identity().orElseThrow().user().name());
            assertArrayEquals(ALICE.publicKey(), channel.identity().orElseThrow().user().publicKey());
            channel.send(new byte[] {1});
            assertEquals("alice", new String(channel.receive().orElseThrow(), StandardCharsets.UTF_8));
        }
        assertTrue(serverLines.awaitLineContaining("User alice authenticated (" + ALICE.fingerprint() + ")", 5000),
                serverLines.lines().toString());
        assertTrue(clientLines.lines().contains("Authenticated as alice (" + ALICE.fingerprint() + ")"),
                clientLines.lines().toString());
    }

    @Test
    void theSessionsOfAKeyNoLongerAuthorizedAreEndedWithAClose() throws Exception {
        int port = start(UserPolicy.authorized(USERS, false));
        try (ServiceChannel channel = client(secure(holding(ALICE))).connect("127.0.0.1", port, "whoami", 1,
                new Recorder())) {
            channel.send(new byte[] {1});
            channel.receive().orElseThrow(); // the session is being served
            assertEquals(0, servers.get(0).endSessionsOfKeys(java.util.Set.of(MALLORY.fingerprint())));
            assertEquals(1, servers.get(0).endSessionsOfKeys(java.util.Set.of(ALICE.fingerprint())));
            assertEquals(Optional.empty(), channel.receive(), "the server ended the session properly");
        }
        assertTrue(serverLines.awaitLineContaining("Ending the session of alice from 127.0.0.1:", 5000),
                serverLines.lines().toString());
        assertTrue(serverLines.lines().stream().anyMatch(l -> l.contains(ALICE.fingerprint() + " is no longer authorized")),
                serverLines.lines().toString());
    }

    @Test
    void aClientWithAnotherUsersKeyAuthenticatesAsThatUser() throws Exception {
        int port = start(UserPolicy.authorized(USERS, false));
        VpnClient anonymous = client(secure(holding(null)));
        VpnClient asAlice = anonymous.withSecurity(anonymous.security().withIdentity(holding(ALICE)));
        try (ServiceChannel channel = asAlice.connect("127.0.0.1", port, "whoami", 1, new Recorder())) {
            assertEquals("alice", channel.identity().orElseThrow().user().name());
        }
        assertThrows(ProtocolException.class, () -> anonymous.connect("127.0.0.1", port, "whoami", 1, new Recorder()));
    }

    @Test
    void everySecureSessionAuthenticatesWhenTheServerHasUsersEvenTheEcho() throws Exception {
        int port = start(UserPolicy.authorized(USERS, false));
        try (ServiceChannel channel = client(secure(holding(ALICE))).connect("127.0.0.1", port, "echo", 1,
                new Recorder())) {
            assertEquals("alice", channel.identity().orElseThrow().user().name());
        }
    }

    @Test
    void anUnknownKeyIsNotAuthorizedAndTheServerLogsItsFingerprint() throws Exception {
        int port = start(UserPolicy.authorized(USERS, false));
        ProtocolException e = assertThrows(ProtocolException.class, () -> client(secure(holding(MALLORY)))
                .connect("127.0.0.1", port, "whoami", 1, new Recorder()));
        assertEquals(Reason.USER_AUTHENTICATION, e.reason());
        assertEquals("127.0.0.1:" + port + " did not accept key " + MALLORY.fingerprint() + " (not authorized)",
                e.getMessage());
        assertTrue(serverLines.awaitLineContaining("not authorized: key " + MALLORY.fingerprint(), 5000),
                serverLines.lines().toString());
    }

    @Test
    void aClientWithoutAKeyIsToldWhereItLookedAndHowToMakeOne() throws Exception {
        int port = start(UserPolicy.authorized(USERS, false));
        ProtocolException e = assertThrows(ProtocolException.class, () -> client(secure(holding(null)))
                .connect("127.0.0.1", port, "echo", 1, new Recorder()));
        assertEquals(Reason.USER_AUTHENTICATION, e.reason());
        assertEquals("127.0.0.1:" + port + " asks for a user key, and there is none at target/no-such-key: make "
                + "one with vpn keygen, or name one with --identity", e.getMessage());
    }

    @Test
    void anAnonymousSessionNeverLoadsTheKey() throws Exception {
        int port = start(UserPolicy.ANONYMOUS);
        AtomicInteger loads = new AtomicInteger();
        IdentityLoader counting = new IdentityLoader() {
            @Override
            public Optional<UserKey> load() {
                loads.incrementAndGet();
                return Optional.of(ALICE);
            }

            @Override
            public String location() {
                return "counting";
            }
        };
        try (ServiceChannel channel = client(secure(counting)).connect("127.0.0.1", port, "echo", 1, new Recorder())) {
            assertEquals(Optional.empty(), channel.identity());
        }
        assertEquals(0, loads.get());
    }

    @Test
    void anInstalledServiceTheServerDoesNotOfferIsRefusedWithTheReason() throws Exception {
        VpnServer server = new VpnServer(Fixtures.server(CIPHERS, LIMITS, ServerIdentity.generate(Fixtures.RANDOM),
                ServiceRegistry.of(new EchoService(), new WhoAmI())
                        .withholding(java.util.Map.of("whoami", "this server runs without --whoami")),
                UserPolicy.authorized(USERS, false)), 16, serverLines);
        servers.add(server);
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        ProtocolException e = assertThrows(ProtocolException.class, () -> client(secure(holding(ALICE)))
                .connect("127.0.0.1", port, "whoami", 1, new Recorder()));
        assertEquals(Reason.REFUSED, e.reason());
        assertEquals("the server refused the whoami service: this server does not offer the whoami service: "
                + "this server runs without --whoami", e.getMessage());
    }

    @Test
    void aServiceThatNeedsUsersIsRefusedByAServerWithout() throws Exception {
        int port = start(UserPolicy.ANONYMOUS);
        ProtocolException e = assertThrows(ProtocolException.class, () -> client(secure(holding(ALICE)))
                .connect("127.0.0.1", port, "whoami", 1, new Recorder()));
        assertEquals(Reason.REFUSED, e.reason());
        assertTrue(e.getMessage().contains("needs authenticated users"), e.getMessage());
    }

    @Test
    void classicClientsAreRefusedWhenTheServerHasUsersUnlessAllowed() throws Exception {
        int strict = start(UserPolicy.authorized(USERS, false));
        ProtocolException e = assertThrows(ProtocolException.class, () -> Fixtures.client(CIPHERS, LIMITS,
                Fixtures.classicOnly()).connect("127.0.0.1", strict, new Recorder()).exchange("hi"));
        assertEquals(Reason.CLOSED, e.reason(), e.getMessage());
        assertTrue(serverLines.awaitLineContaining("refused a classic-protocol client", 5000),
                serverLines.lines().toString());

        int lenient = start(UserPolicy.authorized(USERS, true));
        try (var session = Fixtures.client(CIPHERS, LIMITS, Fixtures.classicOnly())
                .connect("127.0.0.1", lenient, new Recorder())) {
            assertEquals("Server says: ih", session.exchange("hi"));
        }
    }
}
