package vpn.service.tunnel.relay;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelMessage;

/**
 * The open channels of one session by number, and the dispatch of the messages about them. A
 * number is in use from its OPEN until both CLOSEs; a message for a number not in use breaks the
 * protocol.
 */
public final class Relays {

    private final ConcurrentHashMap<Integer, Relay> open = new ConcurrentHashMap<>();
    private final RelayThreads threads;
    private volatile boolean ended;

    /** @param threads what the relays of this session run on (shared by a server's sessions) */
    public Relays(RelayThreads threads) {
        this.threads = threads;
    }

    /** Adds {@code relay}, or ends it at once if the session already ended. */
    public void add(Relay relay) {
        open.put(relay.channel(), relay);
        if (ended) {
            relay.sessionEnded();
        }
    }

    /** Starts carrying {@code relay}'s connection, once its channel is open both ways. */
    public void start(Relay relay) {
        relay.start(threads);
    }

    public void remove(int channel) {
        open.remove(channel);
    }

    public java.util.Optional<Relay> find(int channel) {
        return java.util.Optional.ofNullable(open.get(channel));
    }

    public boolean contains(int channel) {
        return open.containsKey(channel);
    }

    public int size() {
        return open.size();
    }

    /**
     * Hands a DATA message, as received, to its channel's relay; never blocks.
     *
     * @param message a DATA message whose channel {@link vpn.service.tunnel.protocol.TunnelCodec#dataChannel} read
     */
    public void data(int channel, byte[] message) throws ServiceException {
        relay(channel).onData(message);
    }

    /** Hands WINDOW, EOF or CLOSE to its channel's relay; never blocks. */
    public void dispatch(TunnelMessage message) throws ServiceException {
        Relay relay = relay(message.channel());
        switch (message) {
            case TunnelMessage.Window m -> relay.onWindow(m.bytes());
            case TunnelMessage.Eof m -> relay.onEof();
            case TunnelMessage.Close m -> relay.onClose(m.reset());
            default -> throw new IllegalArgumentException("not a channel's message: " + message);
        }
    }

    private Relay relay(int channel) throws ServiceException {
        Relay relay = open.get(channel);
        if (relay == null) {
            throw new ServiceException("tunnel: a message for channel " + Integer.toUnsignedString(channel)
                    + ", which is not open");
        }
        return relay;
    }

    /** Aborts every channel that carried nothing for {@code timeout}; returns how many. */
    public int abortIdle(Duration timeout) {
        int aborted = 0;
        for (Relay relay : List.copyOf(open.values())) {
            if (relay.idleFor(timeout)) {
                relay.abort();
                aborted++;
            }
        }
        return aborted;
    }

    /** The session ended: every connection is reset. */
    public void endAll() {
        ended = true;
        for (Relay relay : List.copyOf(open.values())) {
            relay.sessionEnded();
        }
    }
}
