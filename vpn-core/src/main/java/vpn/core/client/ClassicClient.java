package vpn.core.client;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.classic.ClassicKeys;
import vpn.core.classic.ClassicMessages;
import vpn.core.classic.ClassicRecordWriter;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.registry.CipherRegistry;
import vpn.core.transport.MessageReader;
import vpn.core.transport.SocketTransport;
import vpn.core.transport.Transport;

/** The client's side of the classic protocol: connects, negotiates and establishes the key. */
public final class ClassicClient {

    private final CipherRegistry registry;
    private final DiffieHellman dh;
    private final Limits limits;

    public ClassicClient(CipherRegistry registry, DiffieHellman dh, Limits limits) {
        this.registry = registry;
        this.dh = dh;
        this.limits = limits;
    }

    /** Connects over TCP (printing {@code Connected to HOST:PORT}) and runs the handshake. */
    public ClassicClientSession connect(String host, int port, Transcript transcript)
            throws IOException, ProtocolException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), (int) limits.handshakeTimeout().toMillis());
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new IOException("timed out connecting to " + host + ":" + port, e);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        SocketTransport transport = new SocketTransport(socket);
        transcript.line("Connected to " + host + ":" + port);
        try {
            return handshake(transport, transcript);
        } catch (ProtocolException | IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /** Runs the handshake over an open transport; the session owns the transport afterwards. */
    public ClassicClientSession handshake(Transport transport, Transcript transcript)
            throws IOException, ProtocolException {
        MessageReader reader = new MessageReader(transport, limits);
        Proposal proposal = Proposal.of(registry.providers());

        transcript.line("Negotiating the cipher");
        transport.write(proposal.toBytes());
        CipherSuite suite = reader.read("cipher choice", ClassicMessages.choiceFormat(proposal),
                limits.maxProposalBytes(), limits.handshakeTimeout());
        transcript.line("We are going to use " + suite.label());

        transcript.line("Negotiating the key");
        DhKeyPair own = dh.generateKeyPair();
        transport.write(ClassicMessages.keyShare(own.publicValue()));
        BigInteger serverValue = reader.read("DH value", ClassicMessages.keyShareFormat(dh.group()),
                ClassicMessages.maxKeyShareBytes(dh.group()), limits.handshakeTimeout());
        byte[] secret = dh.agree(own, serverValue);
        CipherProvider provider = registry.find(suite.name()).orElseThrow();
        ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), provider, suite.keySize());
        transcript.line("The key has been established");
        return new ClassicClientSession(transport, reader, suite, new ClassicRecordWriter(provider, keys), limits);
    }
}
