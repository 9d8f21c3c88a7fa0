package vpn.service.tunnel.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The ports on which users may have the server listen for them ({@code --allow-remote-forward}):
 * each {@code PORT}, {@code LOW-HIGH}, or {@code *} for any. The server listens on 127.0.0.1 only,
 * as OpenSSH's sshd does unless {@code GatewayPorts}: other machines do not reach these ports.
 */
public record ListenPolicy(List<Range> ranges) {

    public static final ListenPolicy NONE = new ListenPolicy(List.of());

    /** The hosts a key's {@code permitlisten} may name: where this server listens, or any. */
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "*");

    /** Ports low to high, both included. */
    public record Range(int low, int high) {
    }

    public ListenPolicy {
        ranges = List.copyOf(ranges);
    }

    /** @throws IllegalArgumentException naming what is wrong */
    public static ListenPolicy parse(String option) {
        List<Range> ranges = new ArrayList<>();
        for (String text : option.split(",", -1)) {
            String item = text.strip();
            if (item.equals("*")) {
                ranges.add(new Range(1, 65535));
                continue;
            }
            String[] bounds = item.split("-", -1);
            if (bounds.length > 2) {
                throw new IllegalArgumentException("'" + text + "' is not PORT, LOW-HIGH or *");
            }
            int low = port(bounds[0], text);
            int high = bounds.length == 2 ? port(bounds[1], text) : low;
            if (high < low) {
                throw new IllegalArgumentException("'" + text + "': the range is LOW-HIGH");
            }
            ranges.add(new Range(low, high));
        }
        return new ListenPolicy(ranges);
    }

    private static int port(String text, String item) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("'" + item + "': a port is 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    /**
     * A key's {@code permitlisten} values, as OpenSSH writes them: {@code PORT}, {@code HOST:PORT}
     * or {@code *} for the port. The server listens on 127.0.0.1 only, so a HOST other than
     * {@code localhost}, {@code 127.0.0.1}, {@code [::1]} or {@code *} allows nothing, and so does
     * a value that cannot be read (a key's restriction is never loosened by a typo).
     */
    public static ListenPolicy ofKey(List<String> permitListen) {
        List<Range> ranges = new ArrayList<>();
        for (String value : permitListen) {
            int colon = value.lastIndexOf(':');
            String host = colon < 0 ? "localhost" : value.substring(0, colon);
            String port = value.substring(colon + 1);
            if (!LOCAL_HOSTS.contains(host.toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (port.equals("*")) {
                ranges.add(new Range(1, 65535));
                continue;
            }
            try {
                int number = port(port, value);
                ranges.add(new Range(number, number));
            } catch (IllegalArgumentException unreadable) {
                // allows nothing
            }
        }
        return new ListenPolicy(ranges);
    }

    public boolean allows(int port) {
        return ranges.stream().anyMatch(r -> r.low() <= port && port <= r.high());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }
}
