package vpn.core.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.SecureRandom;
import java.util.function.Supplier;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.Transcript;
import vpn.core.classic.ClassicMessages;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.SecureChannel;
import vpn.core.secure.SecureClientHandshake;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.MessageReader;
import vpn.core.transport.ReadDeadlines;
import vpn.core.transport.SocketTransport;
import vpn.core.transport.Transport;

/**
 * The client: connects, proposes its ciphers with the secure-mode signal, and continues in
 * whichever mode the server answers in. A classic answer is accepted only when the client's
 * {@link ClientSecurity} allows it: never with {@code --require-secure}, a {@code --server-key},
 * or a key already pinned for this server (a classic answer then means someone removed the signal).
 */
public final class VpnClient {

    /** The server's first answer: a classic choice, or a secure ServerHello frame. */
    private sealed interface Answer {
        record Classic(CipherSuite suite) implements Answer {
        }

        record Secure(byte[] helloFrame) implements Answer {
        }
    }

    private final CipherRegistry registry;
    private final Limits limits;
    private final SecureRandom random;
    private final ClientSecurity security;
    private final ClassicClient classic;
    private final ReadDeadlines deadlines = new ReadDeadlines();

    public VpnClient(CipherRegistry registry, DiffieHellman dh, Limits limits, SecureRandom random,
            ClientSecurity security) {
        this(registry, dh, dh::generateKeyPair, limits, random, security);
    }

    /**
     * @param classicKeyPairs where classic mode's DH key pairs come from: a fresh one per session
     *     for anything but a load tool, which may reuse one to spend its CPU on the server's side
     */
    public VpnClient(CipherRegistry registry, DiffieHellman dh, Supplier<DhKeyPair> classicKeyPairs, Limits limits,
            SecureRandom random, ClientSecurity security) {
        this.registry = registry;
        this.limits = limits;
        this.random = random;
        this.security = security;
        this.classic = new ClassicClient(registry, dh, classicKeyPairs, limits);
    }

    /** Connects over TCP (printing {@code Connected to HOST:PORT}) and runs the handshake. */
    public ClientSession connect(String host, int port, Transcript transcript) throws IOException, ProtocolException {
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
        SocketTransport transport = new SocketTransport(socket, deadlines);
        transcript.line("Connected to " + host + ":" + port);
        try {
            return handshake(transport, host + ":" + port, transcript);
        } catch (ProtocolException | IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Runs the handshake over an open transport; the session owns the transport afterwards.
     *
     * @param endpoint {@code HOST:PORT}: the name the server's key is pinned under
     */
    public ClientSession handshake(Transport transport, String endpoint, Transcript transcript)
            throws IOException, ProtocolException {
        MessageReader reader = new MessageReader(transport, limits);
        Proposal ciphers = Proposal.of(registry.providers());
        boolean askSecure = security.mode() != ClientSecurity.Mode.CLASSIC_ONLY;
        Proposal proposal = askSecure ? SecureClientHandshake.withSignal(ciphers, security.keyExchanges()) : ciphers;
        byte[] proposalBytes = proposal.toBytes();

        transcript.line("Negotiating the cipher");
        transport.write(proposalBytes);
        Answer answer = reader.read("cipher choice", answerFormat(ciphers, askSecure), limits.maxProposalBytes(),
                limits.handshakeTimeout());
        return switch (answer) {
            case Answer.Secure secure -> {
                SecureChannel channel = new SecureClientHandshake(registry, random, limits, security)
                        .run(transport, reader, proposal, proposalBytes, secure.helloFrame(), endpoint, transcript);
                transcript.line("The key has been established");
                yield new SecureClientSession(channel, limits);
            }
            case Answer.Classic chosen -> {
                if (askSecure) {
                    checkClassicAllowed(endpoint);
                    transcript.line("warning: the server answered in classic mode: it is not authenticated, "
                            + "and its replies travel in clear");
                }
                yield classic.establish(transport, reader, chosen.suite(), transcript);
            }
        };
    }

    private void checkClassicAllowed(String endpoint) throws IOException, ProtocolException {
        String why = security.mode() == ClientSecurity.Mode.REQUIRE_SECURE ? "--require-secure is set"
                : security.expectedFingerprint().isPresent() ? "--server-key is set"
                : security.knownHosts().lookup(endpoint).isPresent()
                        ? "a key is pinned for " + endpoint + " in " + security.knownHosts().file()
                        : null;
        if (why != null) {
            throw new ProtocolException(Reason.SERVER_AUTHENTICATION, "the server answered in classic mode, but " + why
                    + ": either it does not support secure mode, or someone on the path removed the "
                    + "secure-mode signal. Refusing to continue without authentication.");
        }
    }

    /** The first byte tells the answers apart: a ServerHello frame starts with 0x01, text never does. */
    private static MessageFormat<Answer> answerFormat(Proposal ciphers, boolean askedSecure) {
        MessageFormat<Answer> secure = SecureClientHandshake.helloFormat().map(Answer.Secure::new);
        MessageFormat<Answer> classic = ClassicMessages.choiceFormat(ciphers).map(Answer.Classic::new);
        return (buffer, length) -> askedSecure && length > 0 && buffer[0] == SecureClientHandshake.SERVER_HELLO_TYPE
                ? secure.attempt(buffer, length)
                : classic.attempt(buffer, length);
    }
}
