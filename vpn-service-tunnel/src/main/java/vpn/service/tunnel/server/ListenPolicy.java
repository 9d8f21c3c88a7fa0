package vpn.service.tunnel.server;

import java.util.ArrayList;
import java.util.List;

/**
 * The ports on which users may have the server listen for them ({@code --allow-remote-forward}):
 * each {@code PORT}, {@code LOW-HIGH}, or {@code *} for any. The server listens on 127.0.0.1 only,
 * as OpenSSH's sshd does unless {@code GatewayPorts}: other machines do not reach these ports.
 */
public record ListenPolicy(List<Range> ranges) {

    public static final ListenPolicy NONE = new ListenPolicy(List.of());

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

    public boolean allows(int port) {
        return ranges.stream().anyMatch(r -> r.low() <= port && port <= r.high());
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }
}
