package vpn.core.secure;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.api.service.Printable;
import vpn.api.service.User;
import vpn.core.keys.SshKeys;
import vpn.core.keys.UserKey;
import vpn.core.keys.UserNames;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.Transcript;
import vpn.core.negotiation.Proposal;
import vpn.core.registry.CipherRegistry;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * The client's side of the secure handshake, after the server answered with a ServerHello:
 * ClientKey, ServerAuth (signature and key checked), then the service request. The server's key
 * is pinned only once the service answer, the first record under the session's keys, has
 * verified: a handshake that fails half-way leaves the known-hosts file untouched.
 */
public final class SecureClientHandshake {

    /** The first byte of a ServerHello frame; classic answers are text and never start with it. */
    public static final byte SERVER_HELLO_TYPE = SecureProtocol.SERVER_HELLO;

    private final CipherRegistry registry;
    private final SecureRandom random;
    private final Limits limits;
    private final ClientSecurity security;

    public SecureClientHandshake(CipherRegistry registry, SecureRandom random, Limits limits, ClientSecurity security) {
        this.registry = registry;
        this.random = random;
        this.limits = limits;
        this.security = security;
    }

    /** A handshake that verified, and whether the server's key is still to be pinned. */
    public record Established(SecureChannel channel, String fingerprint, byte[] serverKey, boolean firstUse) {
    }

    /** The server's ServerHello frame, as exact bytes. */
    public static MessageFormat<byte[]> helloFormat() {
        return Frames.format(SecureProtocol.MAX_HANDSHAKE_PAYLOAD).map(Frames.Frame::wire);
    }

    /** The largest ServerHello frame. */
    public static int maxHelloBytes() {
        return SecureProtocol.FRAME_HEADER + SecureProtocol.MAX_HANDSHAKE_PAYLOAD;
    }

    /**
     * Completes the handshake.
     *
     * @param proposalBytes the proposal exactly as sent
     * @param helloFrame the ServerHello frame exactly as received
     * @param endpoint the canonical {@code HOST:PORT} the server's key is pinned under
     */
    public Established run(Transport transport, MessageReader reader, Proposal proposal, byte[] proposalBytes,
            byte[] helloFrame, String endpoint, Transcript transcript) throws IOException, ProtocolException {
        Handshake.ServerHello hello = Handshake.parseServerHello(
                Arrays.copyOfRange(helloFrame, SecureProtocol.FRAME_HEADER, helloFrame.length));
        if (!proposal.offers(hello.suite())) {
            throw new ProtocolException(Reason.MALFORMED, "the server chose "
                    + Printable.of(hello.suite().label()) + ", which we did not propose");
        }
        if (!security.keyExchanges().contains(hello.keyExchange())) {
            throw new ProtocolException(Reason.MALFORMED, "the server chose a key exchange we did not offer");
        }
        transcript.line(Transcript.CHOSEN_CIPHER + hello.suite().label());
        transcript.line(Transcript.NEGOTIATING_KEY);
        KeyExchange.Ephemeral ephemeral = hello.keyExchange().generate(random);
        byte[] clientKey = Handshake.clientKey(ephemeral.publicShare());
        transport.write(clientKey);

        Frames.Frame authFrame = Frames.expect(reader.read("ServerAuth",
                Frames.format(SecureProtocol.MAX_HANDSHAKE_PAYLOAD),
                SecureProtocol.FRAME_HEADER + SecureProtocol.MAX_HANDSHAKE_PAYLOAD,
                limits.handshakeTimeout()), SecureProtocol.SERVER_AUTH, "ServerAuth");
        Handshake.ServerAuth auth = Handshake.parseServerAuth(authFrame.payload());
        byte[] hash = Handshake.hash(proposalBytes, helloFrame, clientKey, auth.publicKey());
        if (!ServerIdentity.verify(auth.publicKey(), Handshake.signedContent(hash), auth.signature())) {
            throw new ProtocolException(Reason.SERVER_AUTHENTICATION, "the server's signature over the handshake does not "
                    + "verify: someone on the path changed the proposal, the choice or a key share");
        }
        String fingerprint = SshKeys.fingerprint(auth.publicKey());
        boolean firstUse = checkServerKey(endpoint, auth.publicKey(), fingerprint);

        byte[] secret = ephemeral.agree(hello.share());
        KeySchedule.TrafficSecrets secrets = KeySchedule.derive(secret, hash);
        CipherProvider provider = registry.find(hello.suite().name()).orElseThrow();
        if (provider.insecure()) {
            transcript.warning(hello.suite().name() + " does not really encrypt: messages are "
                    + "authenticated, but anyone on the path can read them");
        }
        SecureChannel channel = new SecureChannel(transport, reader, hello.suite(), hello.keyExchange(), fingerprint,
                provider, secrets.clientToServer(), secrets.serverToClient(), random, hash);
        return new Established(channel, fingerprint, auth.publicKey(), firstUse);
    }

    /** The user a session authenticated as: who the server says it is, and the key that proved it. */
    public record AuthenticatedUser(User user, UserKey key) {
    }

    /**
     * Asks for a service and waits for the server's answer. If the server asks for a user first,
     * loads the user's key (only then: an anonymous session never reads it) and signs the
     * handshake hash with it.
     *
     * @param endpoint the server's {@code HOST:PORT}, for messages
     * @return the authenticated user, or empty if the server did not ask for one
     * @throws ProtocolException {@link Reason#REFUSED} with the server's reason if it does not serve
     *     it; {@link Reason#USER_AUTHENTICATION} if the server does not accept the user's key or the
     *     client has none
     */
    public Optional<AuthenticatedUser> requestService(SecureChannel channel, String name, int version,
            String endpoint) throws IOException, ProtocolException {
        channel.sendRecord(SecureProtocol.SERVICE, Handshake.serviceRequest(name, version));
        Handshake.ServiceAnswer answer = receiveAnswer(channel);
        if (answer.status() != SecureProtocol.SERVICE_AUTHENTICATE) {
            checkAccepted(answer, name, endpoint, null);
            return Optional.empty();
        }
        UserKey key = loadIdentity(channel, endpoint);
        channel.sendRecord(SecureProtocol.USER_AUTH, Handshake.userAuth(new Handshake.UserAuth(
                SshKeys.wire(key.publicKey()), key.sign(Handshake.userSignedContent(channel.handshakeHash())))));
        Handshake.ServiceAnswer afterAuth = receiveAnswer(channel);
        checkAccepted(afterAuth, name, endpoint, key);
        if (!UserNames.valid(afterAuth.text())) {
            throw new ProtocolException(Reason.MALFORMED, "the server accepted the key as '"
                    + Printable.of(afterAuth.text()) + "', which is not a user name");
        }
        return Optional.of(new AuthenticatedUser(
                new User(afterAuth.text(), key.fingerprint(), key.publicKey()), key));
    }

    private Handshake.ServiceAnswer receiveAnswer(SecureChannel channel) throws IOException, ProtocolException {
        SecureChannel.Received answer = channel.receiveRecord(limits.handshakeTimeout());
        if (answer.type() == SecureProtocol.CLOSE) {
            throw new ProtocolException(Reason.CLOSED, "the server ended the session before answering the service request");
        }
        if (answer.type() != SecureProtocol.SERVICE) {
            throw new ProtocolException(Reason.MALFORMED, "expected the service answer but got record type " + answer.type());
        }
        return Handshake.parseServiceAnswer(answer.data());
    }

    private static void checkAccepted(Handshake.ServiceAnswer answer, String name, String endpoint, UserKey key)
            throws ProtocolException {
        if (answer.isAccepted()) {
            return;
        }
        if (answer.status() == SecureProtocol.SERVICE_AUTHENTICATE) {
            throw new ProtocolException(Reason.MALFORMED, "the server asked twice for a user");
        }
        if (key != null && answer.text().equals(SecureProtocol.NOT_AUTHORIZED)) {
            throw new ProtocolException(Reason.USER_AUTHENTICATION, endpoint + " did not accept key "
                    + key.fingerprint() + " (" + SecureProtocol.NOT_AUTHORIZED + ")");
        }
        throw new ProtocolException(Reason.REFUSED, "the server refused the " + name + " service: "
                + Printable.of(answer.text()));
    }

    /** The user's key; without one, the session ends with Close (the server waits for an answer). */
    private UserKey loadIdentity(SecureChannel channel, String endpoint) throws IOException, ProtocolException {
        Optional<UserKey> key;
        try {
            key = security.identity().load();
        } catch (IOException e) {
            channel.close();
            throw new ProtocolException(Reason.USER_AUTHENTICATION, e.getMessage());
        }
        if (key.isEmpty()) {
            channel.close();
            throw new ProtocolException(Reason.USER_AUTHENTICATION, endpoint + " asks for a user key, and there is "
                    + "none at " + security.identity().location() + ": make one with vpn keygen, or name one with "
                    + "--identity");
        }
        return key.get();
    }

    /** Pins the server's key on first use, once the session has proved the server holds it. */
    public void pinIfFirstUse(Established established, String endpoint, Transcript transcript) throws IOException {
        if (established.firstUse()) {
            security.knownHosts().pin(endpoint, established.serverKey());
            transcript.line("Pinned the key of " + endpoint + " (" + established.fingerprint() + ") in "
                    + security.knownHosts().file() + " on first use");
        }
    }

    /** @return true if no key is pinned for the endpoint yet (it will be pinned on success) */
    private boolean checkServerKey(String endpoint, byte[] publicKey, String fingerprint)
            throws IOException, ProtocolException {
        Optional<String> expected = security.expectedFingerprint();
        // The fingerprint of releases before 0.2 (over the raw key) is still accepted for one release.
        if (expected.isPresent() && !expected.get().equals(fingerprint)
                && !expected.get().equals(SshKeys.legacyFingerprint(publicKey))) {
            throw keyMismatch(endpoint, expected.get(), fingerprint, "the key given with --server-key");
        }
        Optional<byte[]> pinned = security.knownHosts().lookup(endpoint);
        if (pinned.isPresent() && !MessageDigest.isEqual(pinned.get(), publicKey)) {
            throw keyMismatch(endpoint, SshKeys.fingerprint(pinned.get()), fingerprint,
                    "the key pinned in " + security.knownHosts().file());
        }
        return pinned.isEmpty();
    }

    private static ProtocolException keyMismatch(String endpoint, String expected, String presented, String source) {
        return new ProtocolException(Reason.SERVER_AUTHENTICATION, "THE SERVER KEY OF " + endpoint + " HAS CHANGED. "
                + "Someone may be intercepting this connection, or the server's key was replaced. Expected "
                + expected + " (" + source + "), the server presented " + presented + ". Refusing to connect; "
                + "if the change is legitimate, remove the line for " + endpoint + " from the known-hosts file.");
    }
}
