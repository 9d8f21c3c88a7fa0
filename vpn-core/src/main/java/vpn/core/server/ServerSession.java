package vpn.core.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import vpn.api.CipherProvider;
import vpn.api.service.Service;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.Transcript;
import vpn.core.channel.MessageChannel;
import vpn.core.classic.ClassicProtocol;
import vpn.core.classic.ClassicServerHandshake;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.negotiation.ProposalFormat;
import vpn.core.negotiation.ReceivedProposal;
import vpn.core.negotiation.SecureModeSignal;
import vpn.core.negotiation.Selection;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.SecureChannel;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServiceRequest;
import vpn.core.service.ServiceRegistry;
import vpn.core.transport.MessageReader;
import vpn.core.transport.Transport;

/**
 * The server's side of one session, one pipeline in both modes:
 *
 * <pre>
 *   negotiate (proposal -> choice)  ->  handshake (classic | secure)  ->  service (echo | chat | ...)
 * </pre>
 *
 * A proposal with the secure-mode signal gets secure mode and names its service; any other gets
 * the classic protocol and the classic service, echo. The service's handler is then fed the
 * client's messages until the session ends. Runs on the connection's own thread.
 */
public final class ServerSession {

    private final CipherRegistry registry;
    private final ServiceRegistry services;
    private final ClassicServerHandshake classic;
    private final SecureServerHandshake secure;
    private final Limits limits;
    private final UserPolicy users;

    /** A server with anonymous sessions only. */
    public ServerSession(CipherRegistry registry, ServiceRegistry services, ClassicServerHandshake classic,
            SecureServerHandshake secure, Limits limits) {
        this(registry, services, classic, secure, limits, UserPolicy.ANONYMOUS);
    }

    /**
     * @param users whom the server serves
     */
    public ServerSession(CipherRegistry registry, ServiceRegistry services, ClassicServerHandshake classic,
            SecureServerHandshake secure, Limits limits, UserPolicy users) {
        this.users = users;
        this.registry = registry;
        this.services = services;
        this.classic = classic;
        this.secure = secure;
        this.limits = limits;
    }

    /** The timeouts of this server's sessions. */
    Limits limits() {
        return limits;
    }

    /** The handshake's part of a session: its channel, the service to run over it, and its user. */
    private record Established(MessageChannel channel, Service service, Optional<User> user) {
    }

    /** Serves one client on its own, outside a {@link VpnServer} (tests, embedding). */
    public void run(Transport transport, Transcript transcript) throws ProtocolException, IOException {
        run(transport, transcript, transcript, new OpenSessions(), () -> { });
    }

    /**
     * Serves the client on {@code transport} until the session ends.
     *
     * @param open the server's open sessions, which shutdown ends
     * @param handshakeDone told once the handshake finished (keys agreed, the user authenticated, the
     *     service accepted): from then on the connection no longer counts against {@code --max-startups}
     * @throws ProtocolException when the client breaks the protocol or the session fails; the
     *     caller closes the connection and logs the reason
     */
    void run(Transport transport, Transcript transcript, Transcript events, OpenSessions open, Runnable handshakeDone)
            throws ProtocolException, IOException {
        Established established = handshake(transport, new MessageReader(transport, limits), transcript, events);
        handshakeDone.run();
        serve(established, transport.peer(), transcript, events, open);
    }

    private Established handshake(Transport transport, MessageReader reader, Transcript transcript,
            Transcript events) throws ProtocolException, IOException {
        transcript.line(Transcript.NEGOTIATING_CIPHER);
        ReceivedProposal received = reader.read("proposal", ProposalFormat.format(), Proposal.MAX_BYTES,
                limits.handshakeTimeout());
        Optional<List<Integer>> keyExchanges = SecureModeSignal.keyExchanges(received.proposal());
        return keyExchanges.isPresent()
                ? handshakeSecure(transport, reader, received, keyExchanges.get(), transcript, events)
                : handshakeClassic(transport, reader, received.proposal(), transcript);
    }

    private Established handshakeClassic(Transport transport, MessageReader reader, Proposal proposal,
            Transcript transcript) throws ProtocolException, IOException {
        // Refused before anything is computed or sent.
        if (!users.allowClassic()) {
            throw new ProtocolException(Reason.REFUSED, users.directory().isPresent()
                    ? "refused a classic-protocol client: this server authenticates users, which the classic "
                            + "protocol cannot (--allow-classic admits them)"
                    : "refused a classic-protocol client: this server runs with --no-classic");
        }
        Service echo = services.find(ClassicProtocol.SERVICE).orElseThrow(() -> new ProtocolException(Reason.REFUSED,
                "a classic client gets the " + ClassicProtocol.SERVICE + " service, which is not installed"));
        CipherSuite suite = choose(transport, Selection.select(registry.providers(), proposal), proposal);
        classic.announce(transport, suite);
        transcript.line(Transcript.CHOSEN_CIPHER + suite.label());
        transcript.line(Transcript.NEGOTIATING_KEY);
        MessageChannel channel = classic.run(transport, reader, suite, provider(suite));
        transcript.line(Transcript.KEY_ESTABLISHED);
        return new Established(channel, echo, Optional.empty());
    }

    private Established handshakeSecure(Transport transport, MessageReader reader, ReceivedProposal received,
            List<Integer> offeredKeyExchanges, Transcript transcript, Transcript events)
            throws ProtocolException, IOException {
        Proposal proposal = received.proposal();
        CipherSuite suite = choose(transport, Selection.selectSecure(registry.providers(), proposal), proposal);
        Optional<KeyExchange> kex = secure.chooseKeyExchange(offeredKeyExchanges);
        if (kex.isEmpty()) {
            transport.write(Choice.NO_COMMON_KEY_EXCHANGE.getBytes(StandardCharsets.US_ASCII));
            throw new ProtocolException(Reason.NO_COMMON_KEY_EXCHANGE,
                    Choice.NO_COMMON_KEY_EXCHANGE + " (client offered " + offeredKeyExchanges + ")");
        }
        transcript.line(Transcript.CHOSEN_CIPHER + suite.label());
        transcript.line(Transcript.NEGOTIATING_KEY);
        SecureChannel channel = secure.run(transport, reader, received, suite, provider(suite), kex.get());
        transcript.line("Secure mode: " + kex.get().label() + " key exchange");
        transcript.line(Transcript.KEY_ESTABLISHED);
        try {
            return service(channel, events);
        } catch (ProtocolException | IOException | RuntimeException e) {
            channel.abort();
            throw e;
        }
    }

    /**
     * Reads the client's service request and answers it, authenticating the user first when the
     * server has users; a refusal ends the session with Close.
     */
    private Established service(SecureChannel channel, Transcript events) throws ProtocolException, IOException {
        ServiceRequest request = secure.readServiceRequest(channel);
        Optional<Service> service = services.find(request.name());
        Optional<String> withheld = services.withheldReason(request.name());
        String refusal = service.isEmpty()
                ? "the " + request.name() + " service is not installed on this server"
                : withheld.isPresent()
                        ? "this server does not offer the " + request.name() + " service: " + withheld.get()
                : service.get().version() != request.version()
                        ? "this server has version " + service.get().version() + " of the " + request.name()
                                + " service, not " + request.version()
                        : service.get().needsUsers() && users.directory().isEmpty()
                                ? "the " + request.name() + " service needs authenticated users, and this server "
                                        + "has none (it runs without --authorized-keys)"
                                : null;
        if (refusal != null) {
            secure.refuse(channel, refusal);
            throw new ProtocolException(Reason.REFUSED, "refused the service request: " + refusal);
        }
        Optional<User> user = Optional.empty();
        if (users.directory().isPresent()) {
            user = Optional.of(secure.authenticate(channel, users.directory().get()));
            events.line("User " + user.get().name() + " authenticated (" + user.get().keyFingerprint() + ")");
        }
        secure.accept(channel, user.map(User::name).orElse(""));
        return new Established(channel, service.get(), user);
    }

    /** The chosen suite, or the refusal text sent and the session ended. */
    private static CipherSuite choose(Transport transport, Optional<CipherSuite> choice, Proposal proposal)
            throws ProtocolException, IOException {
        if (choice.isEmpty()) {
            transport.write(Choice.NO_COMMON_CIPHER.getBytes(StandardCharsets.US_ASCII));
            throw new ProtocolException(Reason.NO_COMMON_CIPHER,
                    Choice.NO_COMMON_CIPHER + " (client proposed " + proposal.encode() + ")");
        }
        return choice.get();
    }

    private CipherProvider provider(CipherSuite suite) {
        return registry.find(suite.name()).orElseThrow();
    }

    /** Feeds the client's messages to the service until the session ends. */
    private void serve(Established established, String peer, Transcript transcript, Transcript events,
            OpenSessions open)
            throws ProtocolException, IOException {
        MessageChannel channel = established.channel();
        ActiveSession session = new ActiveSession(channel, transcript, events, peer, established.user());
        SessionHandler handler;
        try {
            handler = established.service().open(session);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        open.add(session);
        try {
            if (handler.takesLentMessages()) {
                byte[] lent = new byte[channel.maxMessageBytes()];
                for (int length; (length = channel.receive(lent, limits.idleTimeout())) >= 0; ) {
                    handler.onMessage(lent, 0, length);
                }
                return;
            }
            while (true) {
                Optional<byte[]> message = channel.receive(limits.idleTimeout());
                if (message.isEmpty()) {
                    return;
                }
                handler.onMessage(message.get());
            }
        } catch (ProtocolException e) {
            if (e.reason() == Reason.TIMEOUT) {
                session.close();
            } else {
                channel.abort();
            }
            throw e;
        } catch (ServiceException e) {
            session.close();
            throw new ProtocolException(Reason.MALFORMED, e.getMessage());
        } catch (IOException e) {
            if (session.endedHere()) {
                return;
            }
            channel.abort();
            throw e;
        } finally {
            open.remove(session);
            handler.onClose();
        }
    }
}
