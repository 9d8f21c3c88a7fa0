package vpn.core.secure;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.api.service.User;
import vpn.core.keys.SshKeys;
import vpn.core.keys.UserDirectory;
import vpn.core.keys.UserKey;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.ReceivedProposal;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * The server's side of the secure handshake, after a proposal that carried the signal:
 * ServerHello, ClientKey, ServerAuth; then the client's service request and the answer to it.
 */
public final class SecureServerHandshake {

    /** Key exchanges a server accepts unless told otherwise, in its order of preference. */
    public static final List<KeyExchange> DEFAULT_PREFERENCE = List.of(KeyExchange.X25519, KeyExchange.MODP_8192);

    private final ServerIdentity identity;
    private final SecureRandom random;
    private final Limits limits;
    private final List<KeyExchange> preference;
    private final DiffieHellman dh;
    private final KeyPairSource modpPairs;

    /**
     * @param preference the key exchanges this server accepts, best first; the client's order does not count
     * @param modpPairs where the server's MODP-8192 key pairs come from (a pool), or null to compute each
     */
    public SecureServerHandshake(ServerIdentity identity, SecureRandom random, Limits limits,
            List<KeyExchange> preference, DiffieHellman dh, KeyPairSource modpPairs) {
        if (preference.isEmpty()) {
            throw new IllegalArgumentException("accept at least one key exchange");
        }
        this.identity = identity;
        this.random = random;
        this.limits = limits;
        this.preference = List.copyOf(preference);
        this.dh = dh;
        this.modpPairs = modpPairs != null ? modpPairs : KeyPairSource.direct(dh);
    }

    /** The server's fingerprint, for its transcript. */
    public String fingerprint() {
        return identity.fingerprint();
    }

    /** The first key exchange of the server's preference that the client offers (by id). */
    public Optional<KeyExchange> chooseKeyExchange(List<Integer> offered) {
        return preference.stream().filter(k -> offered.contains(k.id())).findFirst();
    }

    /**
     * Runs the handshake for {@code suite} and {@code kex}, already chosen from the proposal.
     *
     * @param received the proposal exactly as received: it is part of what the server signs
     */
    public SecureChannel run(Transport transport, MessageReader reader, ReceivedProposal received,
            CipherSuite suite, CipherProvider provider, KeyExchange kex) throws IOException, ProtocolException {
        KeyExchange.Ephemeral ephemeral = kex.generate(random, dh, modpPairs);
        byte[] hello = Handshake.serverHello(suite, kex, ephemeral.publicShare());
        transport.write(hello);

        Frames.Frame clientKey = Frames.expect(reader.read("ClientKey",
                Frames.format(SecureProtocol.MAX_HANDSHAKE_PAYLOAD),
                SecureProtocol.FRAME_HEADER + SecureProtocol.MAX_HANDSHAKE_PAYLOAD,
                limits.handshakeTimeout()), SecureProtocol.CLIENT_KEY, "ClientKey");
        byte[] secret = ephemeral.agree(Handshake.parseClientKey(clientKey.payload()));

        byte[] publicKey = identity.publicKey();
        byte[] hash = Handshake.hash(received.bytes(), hello, clientKey.wire(), publicKey);
        transport.write(Handshake.serverAuth(publicKey, identity.sign(Handshake.signedContent(hash))));

        KeySchedule.TrafficSecrets secrets = KeySchedule.derive(secret, hash);
        return new SecureChannel(transport, reader, suite, kex, identity.fingerprint(), provider,
                secrets.serverToClient(), secrets.clientToServer(), random, hash);
    }

    /** The client's service request: its first record, within the handshake timeout. */
    public ServiceRequest readServiceRequest(SecureChannel channel) throws IOException, ProtocolException {
        SecureChannel.Received record = channel.receiveRecord(limits.handshakeTimeout());
        if (record.type() != SecureProtocol.SERVICE) {
            throw new ProtocolException(Reason.MALFORMED,
                    "expected the service request but got record type " + record.type());
        }
        return Handshake.parseServiceRequest(record.data());
    }

    /**
     * Asks the client to authenticate a user and checks its answer: the key must be one
     * {@code users} knows, and its signature over the handshake hash must verify (so it was made
     * for this session, by the key's holder). A failure is answered {@code not authorized} and
     * ends the session with Close; the exception names the key's fingerprint, for the log.
     */
    public User authenticate(SecureChannel channel, UserDirectory users) throws IOException, ProtocolException {
        channel.sendRecord(SecureProtocol.SERVICE, Handshake.serviceAnswer(Handshake.ServiceAnswer.authenticate()));
        SecureChannel.Received record = channel.receiveRecord(limits.handshakeTimeout());
        if (record.type() == SecureProtocol.CLOSE) {
            channel.close();
            throw new ProtocolException(Reason.CLOSED, "the client has no user key to authenticate with");
        }
        if (record.type() != SecureProtocol.USER_AUTH) {
            throw new ProtocolException(Reason.MALFORMED,
                    "expected the user authentication but got record type " + record.type());
        }
        Handshake.UserAuth auth = Handshake.parseUserAuth(record.data());
        byte[] publicKey;
        try {
            publicKey = SshKeys.fromWire(auth.publicKeyWire());
        } catch (IllegalArgumentException e) {
            refuse(channel, SecureProtocol.NOT_AUTHORIZED);
            throw new ProtocolException(Reason.USER_AUTHENTICATION, "not authorized: " + e.getMessage());
        }
        String fingerprint = SshKeys.fingerprint(publicKey);
        Optional<User> user = users.find(publicKey);
        boolean signed = UserKey.verify(publicKey, Handshake.userSignedContent(channel.handshakeHash()),
                auth.signature());
        if (user.isEmpty() || !signed) {
            refuse(channel, SecureProtocol.NOT_AUTHORIZED);
            throw new ProtocolException(Reason.USER_AUTHENTICATION, "not authorized: key " + fingerprint
                    + (user.isEmpty() ? " is not in the authorized keys" : " (" + user.get().name()
                            + "): the signature does not verify"));
        }
        return user.get();
    }

    /** Tells the client its service is served; {@code userName} is empty for an anonymous session. */
    public void accept(SecureChannel channel, String userName) throws IOException {
        channel.sendRecord(SecureProtocol.SERVICE, Handshake.serviceAnswer(Handshake.ServiceAnswer.accepted(userName)));
    }

    /** Tells the client why its service is not served, and ends the session with Close. */
    public void refuse(SecureChannel channel, String why) throws IOException {
        try {
            channel.sendRecord(SecureProtocol.SERVICE, Handshake.serviceAnswer(Handshake.ServiceAnswer.refused(why)));
        } finally {
            channel.close();
        }
    }
}
