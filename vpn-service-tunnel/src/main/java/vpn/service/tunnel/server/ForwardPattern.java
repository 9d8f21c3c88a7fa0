package vpn.service.tunnel.server;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One allowed target, {@code HOST:PORT}, from {@code --allow-forward} or a key's
 * {@code permitopen}: a host written as an address ({@code 10.0.0.5}, {@code [::1]}) matches the
 * address a request resolves to; any other host is a name pattern, matched against the name the
 * client asked for, where {@code *} stands for any characters, dots included ({@code *} alone:
 * any host). The port is a number or {@code *}.
 *
 * @param host as written, without brackets
 * @param port empty for any port
 * @param address present when {@code host} is an address
 */
public record ForwardPattern(String host, OptionalInt port, Optional<InetAddress> address) {

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    public static ForwardPattern parse(String text) {
        String trimmed = text.strip();
        int colon = trimmed.lastIndexOf(':');
        if (colon <= 0 || colon == trimmed.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
        }
        String host = trimmed.substring(0, colon);
        String portText = trimmed.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":")) {
            throw new IllegalArgumentException("'" + text + "': an IPv6 address is written in brackets, as [::1]:80");
        }
        if (host.isEmpty() || host.length() > 255 || !host.chars().allMatch(c -> c > ' ' && c <= '~')) {
            throw new IllegalArgumentException("'" + text + "': the host is 1 to 255 printable characters");
        }
        OptionalInt port = OptionalInt.empty();
        if (!portText.equals("*")) {
            int value;
            try {
                value = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                value = -1;
            }
            if (value < 1 || value > 65535 || !portText.matches("[0-9]+")) {
                throw new IllegalArgumentException("'" + text + "': the port is 1 to 65535 or *");
            }
            port = OptionalInt.of(value);
        }
        Optional<InetAddress> address = host.contains("*") ? Optional.empty() : Literals.address(host);
        return new ForwardPattern(host, port, address);
    }

    boolean matchesPort(int requested) {
        return port.isEmpty() || port.getAsInt() == requested;
    }

    /** A name pattern against the name asked for; an address pattern never matches a name. */
    boolean matchesName(String requested) {
        return address.isEmpty() && Glob.matches(host, requested);
    }

    boolean matchesAddress(InetAddress resolved) {
        return address.isPresent() && address.get().equals(resolved);
    }

    boolean isAddress() {
        return address.isPresent();
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + (port.isPresent() ? port.getAsInt() : "*");
    }
}
