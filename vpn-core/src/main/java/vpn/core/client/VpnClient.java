package vpn.core.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.Transcript;
import vpn.core.channel.MessageChannel;
import vpn.core.channel.ServiceChannel;
import vpn.core.classic.ClassicClientHandshake;
import vpn.core.classic.ClassicMessages;
import vpn.core.classic.ClassicProtocol;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.negotiation.SecureModeSignal;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.KnownHosts;
import vpn.core.secure.SecureClientHandshake;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Deadlines;
import vpn.core.transport.SocketTransport;
import vpn.core.transport.Transport;

/**
 * The client's pipeline: connect, negotiate, handshake, ask for a service. Secure mode by
 * default: the proposal carries the signal, and a server that answers in classic mode is refused,
 * because a classic answer may be an attacker who stripped the signal. {@code --classic}
 * ({@link ClientSecurity.Mode#CLASSIC}) speaks the classic protocol instead, whose only service
 * is echo.
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
    private final ClassicClientHandshake classic;
    private final SecureRandom random;
    private final Limits limits;
    private final ClientSecurity security;
    private final Deadlines deadlines;
    // What this client proposes in each mode: the same for every connection, so made once (a race
    // makes it twice, harmlessly). A load tool's thousands of handshakes stop rebuilding it.
    private volatile Proposed secureOffer;
    private volatile Proposed classicOffer;

    /** A proposal, and its bytes as sent; neither is changed once made. */
    private record Proposed(Proposal ciphers, Proposal proposal, byte[] bytes) {
    }

    public VpnClient(CipherRegistry registry, ClassicClientHandshake classic, SecureRandom random, Limits limits,
            ClientSecurity security) {
        this(registry, classic, random, limits, security, new Deadlines());
    }

    private VpnClient(CipherRegistry registry, ClassicClientHandshake classic, SecureRandom random, Limits limits,
            ClientSecurity security, Deadlines deadlines) {
        this.registry = registry;
        this.classic = classic;
        this.random = random;
        this.limits = limits;
        this.security = security;
        this.deadlines = deadlines;
    }

    /** What this client demands of servers, and the user key it offers. */
    public ClientSecurity security() {
        return security;
    }

    /**
     * The same client with another security policy (another user's key, for a load tool that
     * plays many users); it shares this one's read-deadline thread instead of starting its own.
     */
    public VpnClient withSecurity(ClientSecurity other) {
        return new VpnClient(registry, classic, random, limits, other, deadlines);
    }

    /** A client that computes a fresh classic key pair for every session. */
    public VpnClient(CipherRegistry registry, DiffieHellman dh, Limits limits, SecureRandom random,
            ClientSecurity security) {
        this(registry, new ClassicClientHandshake(dh, KeyPairSource.direct(dh), limits), random, limits, security);
    }

    /**
     * Connects over TCP (printing {@code Connected to HOST:PORT}), runs the handshake and asks for
     * {@code service}.
     *
     * @throws UnknownHostException with the message {@code unknown host} when the name does not resolve
     * @throws ProtocolException {@link Reason#SERVER_AUTHENTICATION} when the server cannot be
     *     authenticated, {@link Reason#REFUSED} when it does not serve the service, and the like
     */
    public ServiceChannel connect(String host, int port, String service, int version, Transcript transcript)
            throws IOException, ProtocolException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UnknownHostException("unknown host");
        }
        Socket socket = new Socket();
        try {
            socket.connect(address, (int) limits.handshakeTimeout().toMillis());
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new IOException("timed out connecting to " + host + ":" + port, e);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        SocketTransport transport = new SocketTransport(socket, deadlines, limits.writeTimeout());
        transcript.line("Connected to " + host + ":" + port);
        try {
            return handshake(transport, host, port, service, version, transcript);
        } catch (ProtocolException | IOException | RuntimeException e) {
            transport.close();
            throw e;
        }
    }

    /**
     * Runs the handshake over an open transport; the channel owns the transport afterwards.
     *
     * @param host and {@code port}: the server as the user named it; its key is pinned under the
     *     canonical form ({@link KnownHosts#endpoint})
     */
    public ServiceChannel handshake(Transport transport, String host, int port, String service, int version,
            Transcript transcript) throws IOException, ProtocolException {
        MessageReader reader = new MessageReader(transport, limits);
        boolean secure = security.mode() == ClientSecurity.Mode.SECURE;
        if (!secure && !service.equals(ClassicProtocol.SERVICE)) {
            throw new IllegalArgumentException("the classic protocol carries only the " + ClassicProtocol.SERVICE
                    + " service, not " + service);
        }
        Proposed offer = offer(secure);
        Proposal ciphers = offer.ciphers();
        Proposal proposal = offer.proposal();
        byte[] proposalBytes = offer.bytes();

        transcript.line(Transcript.NEGOTIATING_CIPHER);
        transport.write(proposalBytes);
        Answer answer = reader.read("cipher choice", answerFormat(ciphers, secure),
                Math.max(Proposal.MAX_BYTES, SecureClientHandshake.maxHelloBytes()), limits.handshakeTimeout());
        return switch (answer) {
            case Answer.Secure hello -> {
                String endpoint = KnownHosts.endpoint(host, port);
                SecureClientHandshake handshake = new SecureClientHandshake(registry, random, limits, security);
                SecureClientHandshake.Established established = handshake.run(transport, reader, proposal,
                        proposalBytes, hello.helloFrame(), endpoint, transcript);
                transcript.line("Secure mode: " + established.channel().keyExchange().label() + " key exchange, "
                        + "server key " + established.fingerprint());
                transcript.line(Transcript.KEY_ESTABLISHED);
                Optional<SecureClientHandshake.AuthenticatedUser> user;
                try {
                    user = handshake.requestService(established.channel(), service, version, endpoint);
                } catch (ProtocolException e) {
                    // The server's answer came under the session's keys: it is the key's holder.
                    if (e.reason() == Reason.REFUSED || e.reason() == Reason.USER_AUTHENTICATION) {
                        handshake.pinIfFirstUse(established, endpoint, transcript);
                    }
                    established.channel().abort();
                    throw e;
                }
                handshake.pinIfFirstUse(established, endpoint, transcript);
                user.ifPresent(u -> transcript.line("Authenticated as " + u.user().name() + " ("
                        + u.user().keyFingerprint() + ")"));
                yield new ServiceChannel(established.channel(), limits, established.fingerprint(),
                        user.map(u -> new KeyIdentity(u.user(), u.key())));
            }
            case Answer.Classic chosen -> {
                if (secure) {
                    throw new ProtocolException(Reason.SERVER_AUTHENTICATION, host + ":" + port
                            + " speaks only the classic protocol, which cannot authenticate the server; "
                            + "--classic talks to it anyway");
                }
                transcript.line(Transcript.CHOSEN_CIPHER + chosen.suite().label());
                transcript.line(Transcript.NEGOTIATING_KEY);
                CipherProvider provider = registry.find(chosen.suite().name()).orElseThrow();
                MessageChannel channel = classic.run(transport, reader, chosen.suite(), provider);
                transcript.line(Transcript.KEY_ESTABLISHED);
                yield new ServiceChannel(channel, limits, null, Optional.empty());
            }
        };
    }

    private Proposed offer(boolean secure) {
        Proposed made = secure ? secureOffer : classicOffer;
        if (made == null) {
            Proposal ciphers = Proposal.of(secure ? registry.secureOffer() : registry.classicOffer());
            Proposal proposal = secure
                    ? SecureModeSignal.append(ciphers, security.keyExchanges().stream().map(KeyExchange::id).toList())
                    : ciphers;
            made = new Proposed(ciphers, proposal, proposal.toBytes());
            if (secure) {
                secureOffer = made;
            } else {
                classicOffer = made;
            }
        }
        return made;
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
