package vpn.service.tunnel.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import vpn.api.service.User;
import vpn.service.tunnel.protocol.Reason;

/**
 * Where one user may forward to: the server's {@code --allow-forward} patterns and, when the user's
 * key has {@code permitopen} options, those too (a target must match both), unless the key forbids
 * forwarding ({@code no-port-forwarding}, or {@code restrict} without {@code port-forwarding}, as
 * OpenSSH reads them). Nothing is allowed that no pattern allows.
 *
 * <p>A name is resolved only when an address pattern could still allow it, so that names no
 * pattern allows are refused without a DNS query on the client's behalf.
 *
 * @param server the server's patterns
 * @param key the key's {@code permitopen} patterns; empty for no restriction of the key's own
 * @param keyMayForward false if the key's options forbid forwarding
 * @param keyListen the key's {@code permitlisten} ports, for remote forwards; empty for no restriction
 */
record ForwardPolicy(List<ForwardPattern> server, Optional<List<ForwardPattern>> key, boolean keyMayForward,
        Optional<ListenPolicy> keyListen) {

    /** A verdict: the addresses to try, in order, or why not. */
    sealed interface Verdict {
    }

    record Allowed(List<InetAddress> addresses) implements Verdict {
    }

    record Refused(Reason reason, String text) implements Verdict {
    }

    ForwardPolicy {
        server = List.copyOf(server);
        key = key.map(List::copyOf);
    }

    /** The policy of {@code user} on a server allowing {@code server}. A {@code permitopen} that cannot be read allows nothing. */
    static ForwardPolicy of(List<ForwardPattern> server, User user) {
        boolean mayForward = !user.hasKeyOption("no-port-forwarding")
                && (!user.hasKeyOption("restrict") || user.hasKeyOption("port-forwarding"));
        List<String> permitOpen = user.keyOptionValues("permitopen");
        Optional<List<ForwardPattern>> key = Optional.empty();
        if (!permitOpen.isEmpty()) {
            List<ForwardPattern> patterns = new ArrayList<>();
            for (String value : permitOpen) {
                try {
                    patterns.add(ForwardPattern.parse(value));
                } catch (IllegalArgumentException unreadable) {
                    // restricts the key to nothing through this value
                }
            }
            key = Optional.of(patterns);
        }
        List<String> permitListen = user.keyOptionValues("permitlisten");
        return new ForwardPolicy(server, key, mayForward,
                permitListen.isEmpty() ? Optional.empty() : Optional.of(ListenPolicy.ofKey(permitListen)));
    }

    Verdict check(String host, int port, Resolver resolver) {
        if (!keyMayForward) {
            return new Refused(Reason.NOT_ALLOWED, "your key may not forward ports (its authorized_keys options)");
        }
        List<ForwardPattern> byServer = server.stream().filter(p -> p.matchesPort(port)).toList();
        Optional<List<ForwardPattern>> byKey = key.map(ps -> ps.stream().filter(p -> p.matchesPort(port)).toList());
        Refused notAllowed = new Refused(Reason.NOT_ALLOWED, "forwarding to " + target(host, port) + " is not allowed"
                + (byKey.isPresent() ? " (the server's --allow-forward and your key's permitopen)" : " (the server's --allow-forward)"));
        boolean serverByName = byServer.stream().anyMatch(p -> p.matchesName(host));
        boolean keyByName = byKey.map(ps -> ps.stream().anyMatch(p -> p.matchesName(host))).orElse(true);
        boolean serverMayByAddress = serverByName || byServer.stream().anyMatch(ForwardPattern::isAddress);
        boolean keyMayByAddress = keyByName || byKey.get().stream().anyMatch(ForwardPattern::isAddress);
        if (!serverMayByAddress || !keyMayByAddress) {
            return notAllowed;
        }
        List<InetAddress> resolved;
        try {
            resolved = resolver.resolve(host);
        } catch (UnknownHostException e) {
            return serverByName && keyByName
                    ? new Refused(Reason.HOST_UNREACHABLE, host + ": unknown host")
                    : notAllowed;
        }
        List<InetAddress> permitted = resolved.stream()
                .filter(a -> serverByName || byServer.stream().anyMatch(p -> p.matchesAddress(a)))
                .filter(a -> keyByName || byKey.get().stream().anyMatch(p -> p.matchesAddress(a)))
                .toList();
        if (permitted.isEmpty()) {
            return resolved.isEmpty() ? new Refused(Reason.HOST_UNREACHABLE, host + ": unknown host") : notAllowed;
        }
        return new Allowed(permitted);
    }

    static String target(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
