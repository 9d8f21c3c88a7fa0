package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.User;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.keys.IdentityLoader;
import vpn.core.keys.UserDirectory;
import vpn.core.keys.UserKey;
import vpn.core.negotiation.CipherSuite;
import vpn.core.registry.CipherRegistry;
import vpn.core.testing.Fixtures;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.TargetTempDir;
import vpn.core.testing.Vectors;
import vpn.core.transport.MessageReader;

/**
 * The client's half of the service request ({@link SecureClientHandshake#requestService}) against
 * the server's real half over a pipe: an anonymous answer, a user who authenticates, a key the
 * server refuses, and a client with no key or an unreadable one, which ends the session with its
 * Close so that the server is not left waiting.
 */
class ServiceRequestClientTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));
    private static final String ENDPOINT = "vpn.example.com:4600";
    private static final UserKey ALICE = UserKey.generate(Fixtures.RANDOM);
    private static final UserKey MALLORY = UserKey.generate(Fixtures.RANDOM);
    private static final UserDirectory USERS = key -> Arrays.equals(key, ALICE.publicKey())
            ? Optional.of(new User("alice", ALICE.fingerprint(), ALICE.publicKey()))
            : Optional.empty();

    @TempDir(factory = TargetTempDir.class)
    Path dir;

    private final SecureServerHandshake server = new SecureServerHandshake(ServerIdentity.generate(Fixtures.RANDOM),
            Fixtures.RANDOM, LIMITS, SecureServerHandshake.DEFAULT_PREFERENCE, Fixtures.DH, null);

    /** Two ends of one established channel over a pipe. */
    private record Ends(SecureChannel client, SecureChannel server) {
        static Ends open() {
            PipeTransport[] pipe = PipeTransport.pair();
            byte[] hash = new byte[32];
            byte[] toServer = new byte[32];
            byte[] toClient = new byte[32];
            Fixtures.RANDOM.nextBytes(hash);
            Fixtures.RANDOM.nextBytes(toServer);
            Fixtures.RANDOM.nextBytes(toClient);
            CipherSuite suite = new CipherSuite("AES", 256);
            var aes = Vectors.provider("AES");
            return new Ends(
                    new SecureChannel(pipe[0], new MessageReader(pipe[0], LIMITS), suite, KeyExchange.X25519, "fp",
                            aes, toServer, toClient, Fixtures.RANDOM, hash),
                    new SecureChannel(pipe[1], new MessageReader(pipe[1], LIMITS), suite, KeyExchange.X25519, "fp",
                            aes, toClient, toServer, Fixtures.RANDOM, hash));
        }
    }

    private SecureClientHandshake client(IdentityLoader identity) throws Exception {
        ClientSecurity security = ClientSecurity.secure(new KnownHosts(dir.resolve("known_hosts"))).withIdentity(identity);
        return new SecureClientHandshake(CipherRegistry.ofProviders(Vectors.provider("AES")), Fixtures.RANDOM, LIMITS,
                security);
    }

    @FunctionalInterface
    private interface ServerSide {
        Object serve(SecureChannel channel) throws Exception;
    }

    /** Runs the server's side: reads the request, then does {@code then}. */
    private static CompletableFuture<Object> serve(Ends ends, SecureServerHandshake server, ServerSide then) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                assertEquals(new ServiceRequest("chat", 3), server.readServiceRequest(ends.server()));
                return then.serve(ends.server());
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
    }

    private static Reason serverFailure(CompletableFuture<Object> side) {
        CompletionException e = assertThrows(CompletionException.class, side::join);
        return ((ProtocolException) e.getCause()).reason();
    }

    @Test
    void anAnonymousSessionIsAcceptedWithoutAUser() throws Exception {
        Ends ends = Ends.open();
        CompletableFuture<Object> side = serve(ends, server, channel -> {
            server.accept(channel, "");
            return "accepted";
        });
        assertEquals(Optional.empty(), client(IdentityLoader.NONE).requestService(ends.client(), "chat", 3, ENDPOINT));
        assertEquals("accepted", side.join());
    }

    @Test
    void aUserWhoseKeyTheServerKnowsIsAuthenticatedUnderTheNameItGives() throws Exception {
        Ends ends = Ends.open();
        CompletableFuture<Object> side = serve(ends, server, channel -> {
            User user = server.authenticate(channel, USERS);
            server.accept(channel, user.name());
            return user;
        });
        SecureClientHandshake.AuthenticatedUser user = client(IdentityLoader.holding(ALICE, "alice's file"))
                .requestService(ends.client(), "chat", 3, ENDPOINT).orElseThrow();
        assertEquals("alice", user.user().name());
        assertEquals(ALICE.fingerprint(), user.user().keyFingerprint());
        assertArrayEquals(ALICE.publicKey(), user.user().publicKey());
        assertArrayEquals(ALICE.publicKey(), user.key().publicKey());
        assertEquals("alice", ((User) side.join()).name());
    }

    /** The name comes from the server and is shown to the user: one that is not a user name is refused. */
    @Test
    void anAcceptanceUnderSomethingThatIsNotAUserNameIsMalformed() throws Exception {
        Ends ends = Ends.open();
        CompletableFuture<Object> side = serve(ends, server, channel -> {
            server.authenticate(channel, USERS);
            server.accept(channel, "alice\u001b[2J");
            return "accepted";
        });
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> client(IdentityLoader.holding(ALICE, "alice's file")).requestService(ends.client(), "chat", 3,
                        ENDPOINT));
        assertEquals(Reason.MALFORMED, e.reason());
        assertEquals("the server accepted the key as 'alice\\x1b[2J', which is not a user name", e.getMessage());
        side.join();
    }

    @Test
    void aKeyTheServerDoesNotKnowIsReportedAsNotAuthorizedNamingTheKey() throws Exception {
        Ends ends = Ends.open();
        CompletableFuture<Object> side = serve(ends, server, channel -> server.authenticate(channel, USERS));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> client(IdentityLoader.holding(MALLORY, "mallory's file")).requestService(ends.client(), "chat", 3,
                        ENDPOINT));
        assertEquals(Reason.USER_AUTHENTICATION, e.reason());
        assertEquals(ENDPOINT + " did not accept key " + MALLORY.fingerprint() + " (not authorized)", e.getMessage());
        assertEquals(Reason.USER_AUTHENTICATION, serverFailure(side));
    }

    /** Without a user key, "not authorized" is just the server's reason for refusing the service. */
    @Test
    void anAnonymousRefusalWithTheSameWordsIsARefusal() throws Exception {
        Ends ends = Ends.open();
        CompletableFuture<Object> side = serve(ends, server, channel -> {
            server.refuse(channel, SecureProtocol.NOT_AUTHORIZED);
            return "refused";
        });
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> client(IdentityLoader.NONE).requestService(ends.client(), "chat", 3, ENDPOINT));
        assertEquals(Reason.REFUSED, e.reason());
        assertEquals("the server refused the chat service: not authorized", e.getMessage());
        assertEquals("refused", side.join());
    }

    @Test
    void aClientWithNoKeySaysWhereItLookedAndEndsTheSessionWithClose() throws Exception {
        Ends ends = Ends.open();
        CompletableFuture<Object> side = serve(ends, server, channel -> server.authenticate(channel, USERS));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> client(IdentityLoader.holding(null, "/keys/id_ed25519")).requestService(ends.client(), "chat", 3,
                        ENDPOINT));
        assertEquals(Reason.USER_AUTHENTICATION, e.reason());
        assertEquals(ENDPOINT + " asks for a user key, and there is none at /keys/id_ed25519: make one with vpn keygen,"
                + " or name one with --identity", e.getMessage());
        assertTrue(ends.client().isClosed());
        // The server hears the Close at once, not at its handshake timeout.
        assertEquals(Reason.CLOSED, serverFailure(side));
    }

    @Test
    void aKeyThatCannotBeReadIsReportedAsItsLoaderSaysAndEndsTheSessionWithClose() throws Exception {
        Ends ends = Ends.open();
        CompletableFuture<Object> side = serve(ends, server, channel -> server.authenticate(channel, USERS));
        IdentityLoader unreadable = new IdentityLoader() {
            @Override
            public Optional<UserKey> load() throws IOException {
                throw new IOException("the key file /keys/id_ed25519 is readable by others; run: chmod 600 it");
            }

            @Override
            public String location() {
                return "/keys/id_ed25519";
            }
        };
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> client(unreadable).requestService(ends.client(), "chat", 3, ENDPOINT));
        assertEquals(Reason.USER_AUTHENTICATION, e.reason());
        assertEquals("the key file /keys/id_ed25519 is readable by others; run: chmod 600 it", e.getMessage());
        assertTrue(ends.client().isClosed());
        assertEquals(Reason.CLOSED, serverFailure(side));
    }
}
