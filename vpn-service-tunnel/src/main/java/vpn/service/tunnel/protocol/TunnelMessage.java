package vpn.service.tunnel.protocol;

import java.util.Objects;

/**
 * One message of the tunnel protocol (docs/tunnel-protocol.md). Every message names a channel: the
 * connection it is about, or, for CHECK and PING, the request's id. Values are checked here, so
 * that a message that exists can be encoded.
 */
public sealed interface TunnelMessage {

    int channel();

    /** Client to server: connect {@code channel} to host:port; the server may send {@code window} bytes at first. */
    record Open(int channel, int window, String host, int port) implements TunnelMessage {
        public Open {
            Checks.window(window);
            Checks.host(host);
            Checks.port(port);
        }
    }

    /** Client to server: would an OPEN of host:port be allowed? ({@code vpn forward} asks when it starts.) */
    record Check(int channel, String host, int port) implements TunnelMessage {
        public Check {
            Checks.host(host);
            Checks.port(port);
        }
    }

    /** Client to server: the keepalive; answered by PONG with the same number. */
    record Ping(int channel) implements TunnelMessage {
    }

    /** Client to server: listen on the server's 127.0.0.1:{@code port} and hand each connection to the client ({@code vpn forward --remote}). */
    record Listen(int channel, int port) implements TunnelMessage {
        public Listen {
            Checks.port(port);
        }
    }

    /** Server to client: the LISTEN of {@code channel} is listening on {@code port}. */
    record Listening(int channel, int port) implements TunnelMessage {
        public Listening {
            Checks.port(port);
        }
    }

    /**
     * Server to client: a connection came to the listener of the LISTEN numbered {@code listener};
     * the server numbers it {@code channel} (high bit set) and grants {@code window}. Answered by
     * OPENED or REFUSED from the client, once it connected to its target or failed to.
     */
    record Incoming(int channel, int window, int listener) implements TunnelMessage {
        public Incoming {
            Checks.window(window);
        }
    }

    /** The opener's answer: the connection is open; the opener may send {@code window} bytes at first. */
    record Opened(int channel, int window) implements TunnelMessage {
        public Opened {
            Checks.window(window);
        }
    }

    /** Server to client: the OPEN or CHECK of {@code channel} is refused; the channel is free again. */
    record Refused(int channel, Reason reason, String text) implements TunnelMessage {
        public Refused {
            Objects.requireNonNull(reason, "reason");
            Checks.text(text);
        }
    }

    /** Server to client: the CHECK's target is allowed. */
    record Allowed(int channel) implements TunnelMessage {
    }

    /** Server to client: the answer to PING. */
    record Pong(int channel) implements TunnelMessage {
    }

    /** Both ways: the next bytes of the connection, 1 to {@link TunnelProtocol#MAX_DATA_BYTES}. */
    record Data(int channel, byte[] bytes) implements TunnelMessage {
        public Data {
            if (bytes.length < 1 || bytes.length > TunnelProtocol.MAX_DATA_BYTES) {
                throw new IllegalArgumentException("DATA carries 1 to " + TunnelProtocol.MAX_DATA_BYTES + " bytes, not "
                        + bytes.length);
            }
        }
    }

    /** Both ways: the sender may send {@code bytes} more. */
    record Window(int channel, int bytes) implements TunnelMessage {
        public Window {
            if (bytes < 1) {
                throw new IllegalArgumentException("a WINDOW adds 1 to " + TunnelProtocol.MAX_WINDOW + " bytes");
            }
        }
    }

    /** Both ways: the sender's side of the connection ended (its TCP peer closed that direction). */
    record Eof(int channel) implements TunnelMessage {
    }

    /** Both ways: the sender is done with the channel; {@code reset} when its connection was reset or failed. */
    record Close(int channel, boolean reset) implements TunnelMessage {
    }

    /** The checks of values that have rules. */
    final class Checks {
        private Checks() {
        }

        static void window(int window) {
            if (window < 1) {
                throw new IllegalArgumentException("a window is 1 to " + TunnelProtocol.MAX_WINDOW + " bytes");
            }
        }

        static void port(int port) {
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("a port is 1 to 65535, not " + port);
            }
        }

        /** A host: 1 to 255 bytes of printable ASCII, no space (names and addresses; IPv6 without brackets). */
        public static boolean validHost(String host) {
            if (host.isEmpty() || host.length() > TunnelProtocol.MAX_HOST_BYTES) {
                return false;
            }
            for (int i = 0; i < host.length(); i++) {
                char c = host.charAt(i);
                if (c <= ' ' || c > '~') {
                    return false;
                }
            }
            return true;
        }

        static void host(String host) {
            if (!validHost(host)) {
                throw new IllegalArgumentException("a host is 1 to 255 printable ASCII characters without spaces");
            }
        }

        static void text(String text) {
            if (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > TunnelProtocol.MAX_TEXT_BYTES) {
                throw new IllegalArgumentException("a text is at most " + TunnelProtocol.MAX_TEXT_BYTES + " bytes");
            }
        }
    }
}
