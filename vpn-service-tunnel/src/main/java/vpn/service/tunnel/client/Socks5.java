package vpn.service.tunnel.client;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import vpn.service.tunnel.protocol.Reason;

/**
 * The server side of a SOCKS5 handshake (RFC 1928), as far as a proxy that only connects needs it:
 * the method "no authentication", then one CONNECT request to an IPv4 or IPv6 address or a domain
 * name (resolved by the tunnel's server, not here). Every read is of a known, small size, under
 * the socket's timeout; anything else gets its reply code and the connection is closed.
 */
final class Socks5 {

    static final int VERSION = 5;
    static final int NO_AUTHENTICATION = 0x00;
    static final int NO_ACCEPTABLE_METHOD = 0xFF;
    static final int CONNECT = 0x01;
    static final int IPV4 = 0x01;
    static final int DOMAIN = 0x03;
    static final int IPV6 = 0x04;

    // Reply codes (RFC 1928, section 6).
    static final int SUCCEEDED = 0x00;
    static final int GENERAL_FAILURE = 0x01;
    static final int NOT_ALLOWED = 0x02;
    static final int NETWORK_UNREACHABLE = 0x03;
    static final int HOST_UNREACHABLE = 0x04;
    static final int CONNECTION_REFUSED = 0x05;
    static final int COMMAND_NOT_SUPPORTED = 0x07;
    static final int ADDRESS_TYPE_NOT_SUPPORTED = 0x08;

    /** Where the client wants to go: a name or an address's text (IPv6 without brackets). */
    record Request(String host, int port) {
    }

    private Socks5() {
    }

    /**
     * Reads the greeting and the request; answers the greeting, and the request when it is refused here.
     *
     * @return the request, to be answered with {@link #reply}; empty if it was refused here
     * @throws IOException if the client went away or broke the protocol (the caller closes)
     */
    static Optional<Request> handshake(DataInputStream in, OutputStream out) throws IOException {
        if (in.readUnsignedByte() != VERSION) {
            throw new IOException("not SOCKS5");
        }
        int count = in.readUnsignedByte();
        byte[] methods = new byte[count];
        in.readFully(methods);
        boolean noAuthentication = false;
        for (byte method : methods) {
            noAuthentication |= method == NO_AUTHENTICATION;
        }
        out.write(new byte[] {VERSION, (byte) (noAuthentication ? NO_AUTHENTICATION : NO_ACCEPTABLE_METHOD)});
        out.flush();
        if (!noAuthentication) {
            return Optional.empty();
        }
        if (in.readUnsignedByte() != VERSION) {
            throw new IOException("not SOCKS5");
        }
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int type = in.readUnsignedByte();
        String host;
        switch (type) {
            case IPV4 -> host = address(in, 4);
            case IPV6 -> host = address(in, 16);
            case DOMAIN -> {
                byte[] name = new byte[in.readUnsignedByte()];
                in.readFully(name);
                host = new String(name, StandardCharsets.ISO_8859_1);
            }
            default -> {
                reply(out, ADDRESS_TYPE_NOT_SUPPORTED);
                return Optional.empty();
            }
        }
        int port = in.readUnsignedShort();
        if (command != CONNECT) {
            reply(out, COMMAND_NOT_SUPPORTED);
            return Optional.empty();
        }
        if (port == 0 || !validHost(host)) {
            reply(out, HOST_UNREACHABLE);
            return Optional.empty();
        }
        return Optional.of(new Request(host, port));
    }

    private static String address(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        InetAddress address = InetAddress.getByAddress(bytes); // from bytes: no lookup
        String text = address.getHostAddress();
        return address instanceof Inet6Address && text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
    }

    private static boolean validHost(String host) {
        return vpn.service.tunnel.protocol.TunnelMessage.Checks.validHost(host);
    }

    /** A reply with the bound address left as 0.0.0.0:0: clients of a CONNECT do not use it. */
    static void reply(OutputStream out, int code) throws IOException {
        out.write(new byte[] {VERSION, (byte) code, 0, IPV4, 0, 0, 0, 0, 0, 0});
        out.flush();
    }

    /** The reply code a SOCKS client expects for the server's reason. */
    static int replyFor(Reason reason) {
        return switch (reason) {
            case NOT_ALLOWED -> NOT_ALLOWED;
            case CONNECTION_REFUSED -> CONNECTION_REFUSED;
            case HOST_UNREACHABLE, TIMED_OUT -> HOST_UNREACHABLE;
            case NETWORK_UNREACHABLE -> NETWORK_UNREACHABLE;
            case TOO_MANY, FAILED -> GENERAL_FAILURE;
        };
    }
}
