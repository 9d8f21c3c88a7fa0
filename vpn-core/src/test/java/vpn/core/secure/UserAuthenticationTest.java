package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import vpn.api.service.User;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.keys.SshKeys;
import vpn.core.keys.UserDirectory;
import vpn.core.keys.UserKey;
import vpn.core.negotiation.CipherSuite;
import vpn.core.testing.Fixtures;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Vectors;
import vpn.core.transport.MessageReader;

/**
 * The server's half of user authentication, record by record: a client that answers with the
 * right key and a signature over this session's hash is accepted; every other answer is refused
 * with {@code not authorized} and a log-safe reason naming the key.
 */
class UserAuthenticationTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));
    private static final UserKey ALICE = UserKey.generate(Fixtures.RANDOM);
    private static final UserKey MALLORY = UserKey.generate(Fixtures.RANDOM);
    private static final UserDirectory USERS = key -> java.util.Arrays.equals(key, ALICE.publicKey())
            ? Optional.of(new User("alice", ALICE.fingerprint(), ALICE.publicKey()))
            : Optional.empty();

    /** Two ends of one established channel over a pipe, both holding {@code hash}. */
    private record Ends(SecureChannel client, SecureChannel server) {
        static Ends open(byte[] hash) {
            PipeTransport[] pipe = PipeTransport.pair();
            byte[] toServer = new byte[32];
            byte[] toClient = new byte[32];
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

    private final SecureServerHandshake handshake = new SecureServerHandshake(ServerIdentity.generate(Fixtures.RANDOM),
            Fixtures.RANDOM, LIMITS, SecureServerHandshake.DEFAULT_PREFERENCE, Fixtures.DH, null);

    /** Runs the server's side while the client answers the request with {@code auth}; the client's view is returned. */
    private Handshake.ServiceAnswer answer(Ends ends, Handshake.UserAuth auth,
            CompletableFuture<User> server) throws Exception {
        SecureChannel.Received request = ends.client().receiveRecord(LIMITS.handshakeTimeout());
        assertEquals(SecureProtocol.SERVICE, request.type());
        assertEquals(SecureProtocol.SERVICE_AUTHENTICATE, Handshake.parseServiceAnswer(request.data()).status());
        ends.client().sendRecord(SecureProtocol.USER_AUTH, Handshake.userAuth(auth));
        SecureChannel.Received answer = ends.client().receiveRecord(LIMITS.handshakeTimeout());
        return Handshake.parseServiceAnswer(answer.data());
    }

    private CompletableFuture<User> serve(Ends ends) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                User user = handshake.authenticate(ends.server(), USERS);
                handshake.accept(ends.server(), user.name());
                return user;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
    }

    private static byte[] hash() {
        byte[] hash = new byte[32];
        Fixtures.RANDOM.nextBytes(hash);
        return hash;
    }

    @Test
    void anAuthorizedKeySigningThisSessionsHashIsAcceptedUnderItsName() throws Exception {
        byte[] hash = hash();
        Ends ends = Ends.open(hash);
        CompletableFuture<User> server = serve(ends);
        Handshake.ServiceAnswer answer = answer(ends, new Handshake.UserAuth(SshKeys.wire(ALICE.publicKey()),
                ALICE.sign(Handshake.userSignedContent(hash))), server);
        assertTrue(answer.isAccepted());
        assertEquals("alice", answer.text());
        assertEquals("alice", server.get().name());
        assertArrayEquals(ALICE.publicKey(), server.get().publicKey());
    }

    private ProtocolException refused(Handshake.UserAuth auth, byte[] hash) throws Exception {
        Ends ends = Ends.open(hash);
        CompletableFuture<User> server = serve(ends);
        Handshake.ServiceAnswer answer = answer(ends, auth, server);
        assertEquals(SecureProtocol.SERVICE_REFUSED, answer.status());
        assertEquals(SecureProtocol.NOT_AUTHORIZED, answer.text());
        Exception e = assertThrows(Exception.class, server::join);
        ProtocolException cause = (ProtocolException) e.getCause();
        assertEquals(Reason.USER_AUTHENTICATION, cause.reason());
        assertTrue(ends.server().isClosed(), "a refusal ends the session");
        return cause;
    }

    @Test
    void aSignatureMadeForAnotherSessionIsRefused() throws Exception {
        ProtocolException e = refused(new Handshake.UserAuth(SshKeys.wire(ALICE.publicKey()),
                ALICE.sign(Handshake.userSignedContent(hash()))), hash());
        assertEquals("not authorized: key " + ALICE.fingerprint() + " (alice): the signature does not verify",
                e.getMessage());
    }

    @Test
    void theServersSignatureContextIsNotAUserSignature() throws Exception {
        byte[] hash = hash();
        ProtocolException e = refused(new Handshake.UserAuth(SshKeys.wire(ALICE.publicKey()),
                ALICE.sign(Handshake.signedContent(hash))), hash);
        assertTrue(e.getMessage().endsWith("the signature does not verify"), e.getMessage());
    }

    @Test
    void anUnknownKeyIsRefusedAndNamedByFingerprint() throws Exception {
        byte[] hash = hash();
        ProtocolException e = refused(new Handshake.UserAuth(SshKeys.wire(MALLORY.publicKey()),
                MALLORY.sign(Handshake.userSignedContent(hash))), hash);
        assertEquals("not authorized: key " + MALLORY.fingerprint() + " is not in the authorized keys", e.getMessage());
    }

    @Test
    void aKeyOfAnotherTypeIsRefused() throws Exception {
        // An ssh-rsa wire blob: string "ssh-rsa", mpint e, mpint n.
        java.nio.ByteBuffer rsa = java.nio.ByteBuffer.allocate(4 + 7 + 4 + 3 + 4 + 65);
        rsa.putInt(7).put("ssh-rsa".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        rsa.putInt(3).put(new byte[] {1, 0, 1}).putInt(65).put((byte) 0).put(new byte[64]);
        ProtocolException e = refused(new Handshake.UserAuth(rsa.array(), new byte[64]), hash());
        assertTrue(e.getMessage().startsWith("not authorized: "), e.getMessage());
    }

    @Test
    void aClientThatClosesInsteadOfAnsweringEndsTheSessionQuietly() throws Exception {
        Ends ends = Ends.open(hash());
        CompletableFuture<User> server = serve(ends);
        ends.client().receiveRecord(LIMITS.handshakeTimeout());
        ends.client().close();
        Exception e = assertThrows(Exception.class, server::join);
        assertEquals(Reason.CLOSED, ((ProtocolException) e.getCause()).reason());
        assertTrue(ends.server().isClosed(), "the server ends its side too");
    }

    @Test
    void theUserRecordIsUnknownToDataMessages() throws Exception {
        Ends ends = Ends.open(hash());
        ends.client().sendRecord(SecureProtocol.USER_AUTH, new byte[] {1});
        ProtocolException e = assertThrows(ProtocolException.class, () -> ends.server().receive(Duration.ofSeconds(5)));
        assertEquals(Reason.MALFORMED, e.reason());
    }
}
