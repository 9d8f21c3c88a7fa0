package vpn.core.secure;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Offer;
import vpn.core.negotiation.Proposal;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/** The server's side of the secure handshake, after a proposal that carried the signal. */
public final class SecureServerHandshake {

    /** Key exchanges a server accepts unless told otherwise, in its order of preference. */
    public static final List<KeyExchange> DEFAULT_PREFERENCE = List.of(KeyExchange.X25519, KeyExchange.MODP_8192);

    private final ServerIdentity identity;
    private final SecureRandom random;
    private final Limits limits;
    private final List<KeyExchange> preference;
    private final DiffieHellman dh;
    private final Supplier<DhKeyPair> modpPairs;

    public SecureServerHandshake(ServerIdentity identity, SecureRandom random, Limits limits) {
        this(identity, random, limits, DEFAULT_PREFERENCE, new DiffieHellman(DhGroup.MODP_8192, random), null);
    }

    /**
     * @param preference the key exchanges this server accepts, best first
     * @param modpPairs where the server's MODP-8192 key pairs come from (a pool), or null to compute each
     */
    public SecureServerHandshake(ServerIdentity identity, SecureRandom random, Limits limits,
            List<KeyExchange> preference, DiffieHellman dh, Supplier<DhKeyPair> modpPairs) {
        this.identity = identity;
        this.random = random;
        this.limits = limits;
        this.preference = List.copyOf(preference);
        this.dh = dh;
        this.modpPairs = modpPairs != null ? modpPairs : dh::generateKeyPair;
    }

    /** True if the client asked for secure mode. */
    public static boolean requested(Proposal proposal) {
        return proposal.find(SecureProtocol.SIGNAL).isPresent();
    }

    /**
     * Runs the handshake for {@code suite}, already chosen from the proposal.
     *
     * @param proposalBytes the proposal exactly as received: it is part of what the server signs
     */
    public SecureChannel run(Transport transport, MessageReader reader, Proposal proposal, byte[] proposalBytes,
            CipherSuite suite, CipherProvider provider) throws IOException, ProtocolException {
        KeyExchange kex = chooseKeyExchange(proposal);
        KeyExchange.Ephemeral ephemeral = kex.generate(random, dh, modpPairs);
        byte[] hello = Handshake.serverHello(suite, kex, ephemeral.publicShare());
        transport.write(hello);

        Frames.Frame clientKey = Frames.expect(reader.read("ClientKey",
                Frames.format(SecureProtocol.MAX_HANDSHAKE_PAYLOAD), SecureProtocol.MAX_HANDSHAKE_PAYLOAD + 4,
                limits.handshakeTimeout()), SecureProtocol.CLIENT_KEY, "ClientKey");
        byte[] secret = ephemeral.agree(Handshake.parseClientKey(clientKey.payload()));

        byte[] publicKey = identity.publicKey();
        byte[] hash = Handshake.hash(proposalBytes, hello, clientKey.wire(), publicKey);
        transport.write(Handshake.serverAuth(publicKey, identity.sign(Handshake.signedContent(hash))));

        KeySchedule.TrafficSecrets secrets = KeySchedule.derive(secret, hash);
        return new SecureChannel(transport, reader, suite, kex, identity.fingerprint(), provider,
                secrets.serverToClient(), secrets.clientToServer(), random);
    }

    private KeyExchange chooseKeyExchange(Proposal proposal) throws ProtocolException {
        Optional<Offer> signal = proposal.find(SecureProtocol.SIGNAL);
        List<Integer> offered = signal.map(Offer::keySizes).orElse(List.of());
        return preference.stream().filter(k -> offered.contains(k.id())).findFirst()
                .orElseThrow(() -> new ProtocolException(Reason.MALFORMED,
                        "the client offers no key exchange we know: " + offered));
    }
}
