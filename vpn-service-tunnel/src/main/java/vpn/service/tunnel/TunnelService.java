package vpn.service.tunnel;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerOption;
import vpn.api.service.ServerSettings;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.service.tunnel.protocol.TunnelProtocol;
import vpn.service.tunnel.server.ForwardPattern;
import vpn.service.tunnel.server.ListenPolicy;
import vpn.service.tunnel.server.TunnelServer;
import vpn.service.tunnel.server.TunnelSettings;

/**
 * The server half: forwards the connections of the server's authenticated users to the targets
 * {@code --allow-forward} allows. Without {@code --allow-forward} it is installed but not offered:
 * an open relay is never the default.
 */
public final class TunnelService implements Service {

    static final String ALLOW_FORWARD = "--allow-forward";
    static final String ALLOW_REMOTE_FORWARD = "--allow-remote-forward";
    static final String IDLE_TIMEOUT = "--forward-idle-timeout";

    private volatile TunnelServer server;

    @Override
    public String name() {
        return TunnelProtocol.NAME;
    }

    @Override
    public int version() {
        return TunnelProtocol.VERSION;
    }

    @Override
    public boolean needsUsers() {
        return true;
    }

    @Override
    public String description() {
        return "carries TCP connections for the server's users to the targets it allows: vpn forward, vpn socks";
    }

    @Override
    public List<ServerOption> serverOptions() {
        return List.of(
                ServerOption.withValue(ALLOW_FORWARD, "PATTERN[,PATTERN...]", "Lets users forward to these targets, "
                        + "HOST:PORT each: an address matches what a name resolves to, a name the name asked for, "
                        + "* any characters (db.example.org:5432, *.internal:*, 10.0.0.5:443, [::1]:8080); "
                        + "needs --authorized-keys."),
                ServerOption.withValue(ALLOW_REMOTE_FORWARD, "PORT[,PORT...]", "Lets users have the server listen on "
                        + "these ports of 127.0.0.1 for them (vpn forward --remote), each PORT, LOW-HIGH or *; "
                        + "needs --authorized-keys."),
                ServerOption.withValue(IDLE_TIMEOUT, "SECONDS", "Closes a forwarded connection that carried nothing "
                        + "either way this long (default: " + TunnelProtocol.DEFAULT_IDLE_TIMEOUT.toSeconds() + ")."));
    }

    @Override
    public Optional<String> configure(ServerSettings settings) throws ConfigurationException {
        Optional<String> allow = settings.value(ALLOW_FORWARD);
        Optional<String> allowRemote = settings.value(ALLOW_REMOTE_FORWARD);
        if (allow.isEmpty() && allowRemote.isEmpty()) {
            if (settings.value(IDLE_TIMEOUT).isPresent()) {
                throw new ConfigurationException(IDLE_TIMEOUT + " needs " + ALLOW_FORWARD);
            }
            return Optional.of("this server runs without " + ALLOW_FORWARD);
        }
        if (!settings.hasUsers()) {
            throw new ConfigurationException((allow.isPresent() ? ALLOW_FORWARD : ALLOW_REMOTE_FORWARD)
                    + " needs --authorized-keys: tunnels are for known users");
        }
        List<ForwardPattern> patterns;
        try {
            patterns = allow.isPresent() ? TunnelSettings.parsePatterns(allow.get()) : List.of();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ALLOW_FORWARD + ": " + e.getMessage());
        }
        ListenPolicy listen;
        try {
            listen = allowRemote.isPresent() ? ListenPolicy.parse(allowRemote.get()) : ListenPolicy.NONE;
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ALLOW_REMOTE_FORWARD + ": " + e.getMessage());
        }
        TunnelSettings tunnel = new TunnelSettings(patterns, listen, idleTimeout(settings), TunnelProtocol.CONNECT_TIMEOUT);
        server = new TunnelServer(tunnel).startIdleSweep();
        return Optional.empty();
    }

    private static Duration idleTimeout(ServerSettings settings) throws ConfigurationException {
        Optional<String> given = settings.value(IDLE_TIMEOUT);
        if (given.isEmpty()) {
            return TunnelProtocol.DEFAULT_IDLE_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(given.get());
            if (seconds >= 1 && seconds <= 7 * 24 * 3600) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new ConfigurationException(IDLE_TIMEOUT + " takes 1 to 604800 seconds, not '" + given.get() + "'");
    }

    @Override
    public SessionHandler open(ServiceSession session) {
        TunnelServer configured = server;
        if (configured == null) {
            throw new IllegalStateException("the tunnel service was not configured with " + ALLOW_FORWARD);
        }
        return configured.open(session);
    }
}
