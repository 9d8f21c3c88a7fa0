package vpn.service.tunnel.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's tunnel options: the allowed targets ({@code --allow-forward}), the ports it may
 * listen on for users ({@code --allow-remote-forward}) and how long a connection may carry nothing
 * ({@code --forward-idle-timeout}).
 */
public record TunnelSettings(List<ForwardPattern> allowed, ListenPolicy listen, Duration idleTimeout,
        Duration connectTimeout) {

    public TunnelSettings {
        allowed = List.copyOf(allowed);
    }

    /** Without remote forwarding. */
    public TunnelSettings(List<ForwardPattern> allowed, Duration idleTimeout, Duration connectTimeout) {
        this(allowed, ListenPolicy.NONE, idleTimeout, connectTimeout);
    }

    /** @throws IllegalArgumentException naming the pattern that is wrong */
    public static List<ForwardPattern> parsePatterns(String option) {
        List<ForwardPattern> patterns = new ArrayList<>();
        for (String text : option.split(",", -1)) {
            patterns.add(ForwardPattern.parse(text));
        }
        return patterns;
    }

    /** The patterns as given, for the start-up line. */
    public String describeAllowed() {
        return String.join(",", allowed.stream().map(ForwardPattern::toString).toList());
    }
}
