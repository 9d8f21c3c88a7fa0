package vpn.core.secure;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.Transcript;
import vpn.core.negotiation.Offer;
import vpn.core.negotiation.Proposal;
import vpn.core.registry.CipherRegistry;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/** The client's side of the secure handshake, after the server answered with a ServerHello. */
public final class SecureClientHandshake {

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

    /** The first byte of a ServerHello frame; classic answers are text and never start with it. */
    public static final byte SERVER_HELLO_TYPE = SecureProtocol.SERVER_HELLO;

    /** The server's ServerHello frame, as exact bytes. */
    public static MessageFormat<byte[]> helloFormat() {
        return Frames.format(SecureProtocol.MAX_HANDSHAKE_PAYLOAD).map(Frames.Frame::wire);
    }

    /** The client's proposal with the secure-mode signal last, listing the key exchanges offered. */
    public static Proposal withSignal(Proposal ciphers, List<KeyExchange> offered) {
        List<Offer> offers = new java.util.ArrayList<>(ciphers.offers());
        offers.add(new Offer(SecureProtocol.SIGNAL, offered.stream().map(KeyExchange::id).toList()));
        return new Proposal(offers);
    }

    /**
     * Completes the handshake.
     *
     * @param proposalBytes the proposal exactly as sent
     * @param helloFrame the ServerHello frame exactly as received
     * @param endpoint {@code HOST:PORT}, the name the server's key is pinned under
     */
    public SecureChannel run(Transport transport, MessageReader reader, Proposal proposal, byte[] proposalBytes,
            byte[] helloFrame, String endpoint, Transcript transcript) throws IOException, ProtocolException {
        Handshake.ServerHello hello = Handshake.parseServerHello(
                java.util.Arrays.copyOfRange(helloFrame, SecureProtocol.FRAME_HEADER, helloFrame.length));
        if (!proposal.offers(hello.suite())) {
            throw new ProtocolException(Reason.MALFORMED, "the server chose " + hello.suite().label()
                    + ", which we did not propose");
        }
        if (!security.keyExchanges().contains(hello.keyExchange())) {
            throw new ProtocolException(Reason.MALFORMED, "the server chose a key exchange we did not offer");
        }
        transcript.line("We are going to use " + hello.suite().label());
        transcript.line("Negotiating the key");
        KeyExchange.Ephemeral ephemeral = hello.keyExchange().generate(random);
        byte[] clientKey = Handshake.clientKey(ephemeral.publicShare());
        transport.write(clientKey);

        Frames.Frame authFrame = Frames.expect(reader.read("ServerAuth",
                Frames.format(SecureProtocol.MAX_HANDSHAKE_PAYLOAD), SecureProtocol.MAX_HANDSHAKE_PAYLOAD + 4,
                limits.handshakeTimeout()), SecureProtocol.SERVER_AUTH, "ServerAuth");
        Handshake.ServerAuth auth = Handshake.parseServerAuth(authFrame.payload());
        byte[] hash = Handshake.hash(proposalBytes, helloFrame, clientKey, auth.publicKey());
        if (!ServerIdentity.verify(auth.publicKey(), Handshake.signedContent(hash), auth.signature())) {
            throw new ProtocolException(Reason.SERVER_AUTHENTICATION, "the server's signature over the handshake does not "
                    + "verify: someone on the path changed the proposal, the choice or a key share");
        }
        String fingerprint = ServerIdentity.fingerprint(auth.publicKey());
        checkServerKey(endpoint, auth.publicKey(), fingerprint, transcript);

        byte[] secret = ephemeral.agree(hello.share());
        KeySchedule.TrafficSecrets secrets = KeySchedule.derive(secret, hash);
        CipherProvider provider = registry.find(hello.suite().name()).orElseThrow();
        transcript.line("Secure mode: " + hello.keyExchange().name().replace('_', '-') + " key exchange, "
                + "server key " + fingerprint);
        if (provider.insecure()) {
            transcript.line("warning: " + hello.suite().name() + " does not really encrypt: messages are "
                    + "authenticated, but anyone on the path can read them");
        }
        return new SecureChannel(transport, reader, hello.suite(), hello.keyExchange(), fingerprint, provider,
                secrets.clientToServer(), secrets.serverToClient(), random);
    }

    private void checkServerKey(String endpoint, byte[] publicKey, String fingerprint, Transcript transcript)
            throws IOException, ProtocolException {
        Optional<String> expected = security.expectedFingerprint();
        if (expected.isPresent() && !expected.get().equals(fingerprint)) {
            throw keyMismatch(endpoint, expected.get(), fingerprint, "the key given with --server-key");
        }
        Optional<byte[]> pinned = security.knownHosts().lookup(endpoint);
        if (pinned.isPresent()) {
            if (!java.security.MessageDigest.isEqual(pinned.get(), publicKey)) {
                throw keyMismatch(endpoint, ServerIdentity.fingerprint(pinned.get()), fingerprint,
                        "the key pinned in " + security.knownHosts().file());
            }
        } else {
            security.knownHosts().pin(endpoint, publicKey);
            transcript.line("Pinned the key of " + endpoint + " (" + fingerprint + ") in "
                    + security.knownHosts().file() + " on first use");
        }
    }

    private static ProtocolException keyMismatch(String endpoint, String expected, String presented, String source) {
        return new ProtocolException(Reason.SERVER_AUTHENTICATION, "THE SERVER KEY OF " + endpoint + " HAS CHANGED. "
                + "Someone may be intercepting this connection, or the server's key was replaced. Expected "
                + expected + " (" + source + "), the server presented " + presented + ". Refusing to connect; "
                + "if the change is legitimate, remove the line for " + endpoint + " from the known-hosts file.");
    }
}
