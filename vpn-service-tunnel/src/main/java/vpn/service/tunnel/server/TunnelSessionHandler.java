package vpn.service.tunnel.server;

import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.service.tunnel.protocol.Reason;
import vpn.service.tunnel.protocol.TunnelCodec;
import vpn.service.tunnel.protocol.TunnelMessage;
import vpn.service.tunnel.protocol.TunnelProtocol;
import vpn.service.tunnel.relay.Relay;
import vpn.service.tunnel.relay.Relays;

/**
 * The server half for one session: OPEN and CHECK each get a virtual thread of their own (resolving
 * and connecting block), the channels' messages go to their relays, PING is answered at once. The
 * session's thread, which calls {@link #onMessage}, never waits on a target.
 */
final class TunnelSessionHandler implements SessionHandler {

    private final ServiceSession session;
    private final ForwardPolicy policy;
    private final Connector connector;
    private final Relays relays;
    private final String who;
    private final RemoteListeners listeners;
    /** Channels whose OPEN is being connected: their numbers are in use. */
    private final Set<Integer> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean ended;

    TunnelSessionHandler(ServiceSession session, ForwardPolicy policy, ListenPolicy listen, Connector connector,
            Relays relays) {
        this.session = session;
        this.policy = policy;
        this.connector = connector;
        this.relays = relays;
        this.who = session.user().map(u -> u.name()).orElse("?");
        this.listeners = new RemoteListeners(session, listen, policy.keyMayForward(), policy.keyListen(), relays, who);
    }

    @Override
    public void onMessage(byte[] bytes) throws IOException {
        java.util.OptionalInt data = TunnelCodec.dataChannel(bytes);
        if (data.isPresent()) {
            relays.data(data.getAsInt(), bytes);
            return;
        }
        TunnelMessage message = TunnelCodec.decode(bytes);
        switch (message) {
            case TunnelMessage.Open open -> open(open);
            case TunnelMessage.Check check -> {
                if (admit(check.channel())) {
                    Thread.ofVirtual().name("tunnel-check").start(() -> check(check));
                }
            }
            case TunnelMessage.Ping ping -> session.send(TunnelCodec.encode(new TunnelMessage.Pong(ping.channel())));
            case TunnelMessage.Listen listen -> listeners.listen(clientsNumber(listen));
            case TunnelMessage.Opened opened -> listeners.opened(opened);
            case TunnelMessage.Refused refused -> listeners.refused(refused);
            case TunnelMessage.Window m -> relays.dispatch(m);
            case TunnelMessage.Eof m -> relays.dispatch(m);
            case TunnelMessage.Close m -> relays.dispatch(m);
            default -> throw new ServiceException("tunnel: the client sent a server's message: "
                    + message.getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Takes {@code channel} for an OPEN or CHECK; false, with TOO_MANY sent, past the limit (checks
     * count too, so that no client can make the server start threads without bound).
     *
     * @throws ServiceException if the number is in use
     */
    private boolean admit(int channel) throws IOException {
        clientsNumber(channel);
        if (relays.contains(channel) || !pending.add(channel)) {
            throw new ServiceException("tunnel: channel " + Integer.toUnsignedString(channel) + " is in use");
        }
        if (relays.size() + pending.size() + listeners.offered() > TunnelProtocol.MAX_CHANNELS) {
            pending.remove(channel);
            session.send(TunnelCodec.encode(new TunnelMessage.Refused(channel, Reason.TOO_MANY,
                    "this session has " + TunnelProtocol.MAX_CHANNELS + " connections open already")));
            return false;
        }
        return true;
    }

    private void open(TunnelMessage.Open open) throws IOException {
        int channel = open.channel();
        if (!admit(channel)) {
            return;
        }
        Thread.ofVirtual().name("tunnel-open-" + Integer.toUnsignedString(channel)).start(() -> connect(open));
    }

    private void connect(TunnelMessage.Open open) {
        int channel = open.channel();
        Connector.Outcome outcome = connector.connect(policy, open.host(), open.port());
        try {
            switch (outcome) {
                case Connector.Failed failed -> {
                    pending.remove(channel);
                    refuse(channel, open.host(), open.port(), failed.refusal());
                }
                case Connector.Connected connected -> {
                    Socket socket = connected.socket();
                    Relay relay = new Relay(channel, socket, session::send, TunnelProtocol.WINDOW_BYTES, open.window(),
                            () -> relays.remove(channel));
                    relays.add(relay); // before the number leaves pending, so that it is never free in between
                    pending.remove(channel);
                    if (ended) {
                        relay.sessionEnded();
                        return;
                    }
                    session.send(TunnelCodec.encode(new TunnelMessage.Opened(channel, TunnelProtocol.WINDOW_BYTES)));
                    relays.start(relay);
                }
            }
        } catch (IOException sessionGone) {
            relays.endAll();
        }
    }

    private void check(TunnelMessage.Check check) {
        ForwardPolicy.Verdict verdict = connector.check(policy, check.host(), check.port());
        pending.remove(check.channel());
        try {
            if (verdict instanceof ForwardPolicy.Refused refused) {
                refuse(check.channel(), check.host(), check.port(), refused);
            } else {
                session.send(TunnelCodec.encode(new TunnelMessage.Allowed(check.channel())));
            }
        } catch (IOException sessionGone) {
            // the session's end is handled by the core
        }
    }

    /** One log line per refused target, with the user; the client gets the reason and the text. */
    private void refuse(int channel, String host, int port, ForwardPolicy.Refused refused) throws IOException {
        session.log("tunnel: refused " + who + " -> " + ForwardPolicy.target(host, port) + ": "
                + refused.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        session.send(TunnelCodec.encode(new TunnelMessage.Refused(channel, refused.reason(), refused.text())));
    }

    /** The client numbers its channels below {@link TunnelProtocol#SERVER_CHANNELS}, as unsigned numbers. */
    private static int clientsNumber(int channel) throws ServiceException {
        if (channel < 0) {
            throw new ServiceException("tunnel: the client used the server's channel " + Integer.toUnsignedString(channel));
        }
        return channel;
    }

    private static TunnelMessage.Listen clientsNumber(TunnelMessage.Listen listen) throws ServiceException {
        clientsNumber(listen.channel());
        return listen;
    }

    @Override
    public void onClose() {
        ended = true;
        listeners.close();
        relays.endAll();
    }
}
