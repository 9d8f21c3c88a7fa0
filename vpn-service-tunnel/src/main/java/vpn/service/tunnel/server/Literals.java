package vpn.service.tunnel.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Whether a host is written as an IP address, decided without any DNS lookup: strict dotted-quad
 * IPv4 (not the {@code 127.1} shorthands, which read as names here and so match only name
 * patterns), or IPv6, which the JDK parses as a literal whenever the text holds a colon.
 */
final class Literals {

    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private Literals() {
    }

    static Optional<InetAddress> address(String host) {
        boolean v4 = IPV4.matcher(host).matches();
        if (!v4 && !IPV6.matcher(host).matches()) {
            return Optional.empty();
        }
        try {
            // In brackets the JDK expects IPv6 and fails rather than asking DNS about a bad one.
            return Optional.of(InetAddress.getByName(v4 ? host : "[" + host + "]"));
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }
}
