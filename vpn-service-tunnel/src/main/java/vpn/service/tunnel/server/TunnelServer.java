package vpn.service.tunnel.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.service.tunnel.relay.RelayThreads;
import vpn.service.tunnel.relay.Relays;

/**
 * The configured server half: opens a handler per session with its user's policy, and closes the
 * connections that carried nothing for the idle timeout, on one daemon thread for all sessions.
 */
public final class TunnelServer {

    private final TunnelSettings settings;
    private final Connector connector;
    private final Set<Relays> sessions = ConcurrentHashMap.newKeySet();
    private final RelayThreads relayThreads = new RelayThreads();

    public TunnelServer(TunnelSettings settings) {
        this(settings, Resolver.SYSTEM);
    }

    TunnelServer(TunnelSettings settings, Resolver resolver) {
        this.settings = settings;
        this.connector = new Connector(resolver, settings.connectTimeout());
    }

    /** Starts the idle sweep: a quarter of the timeout apart, 100 ms to 5 s, so a connection ends within 1.25 timeouts. */
    public TunnelServer startIdleSweep() {
        long every = Math.clamp(settings.idleTimeout().toMillis() / 4, 100, 5000);
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tunnel-idle-sweep");
            thread.setDaemon(true); // never keeps the server's process alive
            return thread;
        });
        sweeper.scheduleWithFixedDelay(() -> sessions.forEach(r -> r.abortIdle(settings.idleTimeout())), every, every,
                TimeUnit.MILLISECONDS);
        return this;
    }

    public SessionHandler open(ServiceSession session) {
        User user = session.user().orElseThrow(() -> new IllegalStateException("the tunnel service needs users"));
        Relays relays = new Relays(relayThreads);
        sessions.add(relays);
        SessionHandler handler = new TunnelSessionHandler(session, ForwardPolicy.of(settings.allowed(), user),
                settings.listen(), connector, relays);
        return new SessionHandler() {
            @Override
            public void onMessage(byte[] message) throws java.io.IOException {
                handler.onMessage(message);
            }

            @Override
            public void onClose() {
                sessions.remove(relays);
                handler.onClose();
            }
        };
    }
}
