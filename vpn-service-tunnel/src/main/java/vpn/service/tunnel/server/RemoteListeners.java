package vpn.service.tunnel.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.service.tunnel.protocol.Reason;
import vpn.service.tunnel.protocol.TunnelCodec;
import vpn.service.tunnel.protocol.TunnelMessage;
import vpn.service.tunnel.protocol.TunnelProtocol;
import vpn.service.tunnel.relay.Relay;
import vpn.service.tunnel.relay.Relays;

/**
 * One session's listeners for {@code vpn forward --remote}, as {@code ssh -R}: each LISTEN the
 * policy allows gets a server socket on 127.0.0.1, and each connection accepted there becomes a
 * channel the server numbers (high bit set), offered to the client with INCOMING; the client's
 * OPENED starts its relay, its REFUSED resets it. Everything ends with the session.
 */
final class RemoteListeners {

    private final ServiceSession session;
    private final ListenPolicy policy;
    private final boolean keyMayForward;
    private final Optional<ListenPolicy> keyListen;
    private final Relays relays;
    private final String who;
    private final Map<Integer, ServerSocket> listeners = new ConcurrentHashMap<>();
    /** Accepted connections offered to the client, waiting for its answer. */
    private final Map<Integer, Socket> offered = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private volatile boolean ended;

    /** @param keyListen the ports the user's key allows ({@code permitlisten}); empty: the server's alone */
    RemoteListeners(ServiceSession session, ListenPolicy policy, boolean keyMayForward, Optional<ListenPolicy> keyListen,
            Relays relays, String who) {
        this.session = session;
        this.policy = policy;
        this.keyMayForward = keyMayForward;
        this.keyListen = keyListen;
        this.relays = relays;
        this.who = who;
    }

    /** Channels offered and not yet answered: they count toward the session's limit. */
    int offered() {
        return offered.size();
    }

    /** On the session's thread: binding is quick, and refused at once when not allowed. */
    void listen(TunnelMessage.Listen listen) throws IOException {
        int id = listen.channel();
        if (listeners.containsKey(id)) {
            throw new ServiceException("tunnel: channel " + Integer.toUnsignedString(id) + " is in use");
        }
        String where = "listen 127.0.0.1:" + listen.port();
        if (!keyMayForward || !policy.allows(listen.port()) || !keyListen.map(k -> k.allows(listen.port())).orElse(true)) {
            refuse(id, where, Reason.NOT_ALLOWED, "listening on the server's port " + listen.port()
                    + " is not allowed (the server's --allow-remote-forward"
                    + (!keyMayForward ? " and your key's options)" : keyListen.isPresent() ? " and your key's permitlisten)" : ")"));
            return;
        }
        if (listeners.size() >= TunnelProtocol.MAX_LISTENERS) {
            refuse(id, where, Reason.TOO_MANY, "this session listens on " + TunnelProtocol.MAX_LISTENERS + " ports already");
            return;
        }
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listen.port()), 128);
        } catch (IOException e) {
            server.close();
            refuse(id, where, Reason.FAILED, "the server cannot listen on its port " + listen.port() + ": "
                    + e.getMessage());
            return;
        }
        listeners.put(id, server);
        if (ended) {
            server.close();
            return;
        }
        session.send(TunnelCodec.encode(new TunnelMessage.Listening(id, server.getLocalPort())));
        Thread.ofVirtual().name("tunnel-listen-" + listen.port()).start(() -> accept(id, server));
    }

    private void refuse(int id, String where, Reason reason, String text) throws IOException {
        session.log("tunnel: refused " + who + " -> " + where + ": " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' '));
        session.send(TunnelCodec.encode(new TunnelMessage.Refused(id, reason, text)));
    }

    private void accept(int listener, ServerSocket server) {
        while (!server.isClosed()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (relays.size() + offered.size() >= TunnelProtocol.MAX_CHANNELS) {
                reset(socket);
                continue;
            }
            int channel = number();
            offered.put(channel, socket);
            try {
                session.send(TunnelCodec.encode(new TunnelMessage.Incoming(channel, TunnelProtocol.WINDOW_BYTES, listener)));
            } catch (IOException sessionGone) {
                close();
                return;
            }
        }
    }

    private int number() {
        while (true) {
            int channel = next.getAndIncrement() | TunnelProtocol.SERVER_CHANNELS;
            if (!relays.contains(channel) && !offered.containsKey(channel)) {
                return channel;
            }
        }
    }

    /** The client connected to its target: the relay starts. */
    void opened(TunnelMessage.Opened opened) throws ServiceException {
        int channel = opened.channel();
        Socket socket = answered(channel);
        Relay relay = new Relay(channel, socket, session::send, TunnelProtocol.WINDOW_BYTES, opened.window(),
                () -> relays.remove(channel));
        relays.add(relay);
        relays.start(relay);
    }

    /** The client could not connect to its target: the connection is reset, as the target's refusal would. */
    void refused(TunnelMessage.Refused refused) throws ServiceException {
        reset(answered(refused.channel()));
    }

    private Socket answered(int channel) throws ServiceException {
        Socket socket = offered.remove(channel);
        if (socket == null) {
            throw new ServiceException("tunnel: an answer for channel " + Integer.toUnsignedString(channel)
                    + ", which the server did not offer");
        }
        return socket;
    }

    void close() {
        ended = true;
        for (ServerSocket server : List.copyOf(listeners.values())) {
            try {
                server.close();
            } catch (IOException ignored) {
                // closed either way
            }
        }
        for (Socket socket : List.copyOf(offered.values())) {
            reset(socket);
        }
        offered.clear();
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }
}
