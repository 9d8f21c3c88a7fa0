package vpn.service.tunnel.protocol;

import java.time.Duration;

/** The tunnel protocol's constants (docs/tunnel-protocol.md), in two groups, as the core's {@code SecureProtocol}. */
public final class TunnelProtocol {

    // From the specification: the wire format.

    /** The service's wire name and the version of its messages. */
    public static final String NAME = "tunnel";
    public static final int VERSION = 1;
    /** A message: secure mode's limit. */
    public static final int MAX_MESSAGE_BYTES = 65536;
    /** Type ({@code u8}) and channel ({@code u32}), before every message's own fields. */
    public static final int HEADER_BYTES = 5;
    /** The most bytes of a connection one DATA message carries. */
    public static final int MAX_DATA_BYTES = MAX_MESSAGE_BYTES - HEADER_BYTES;
    /** A target host: a name (253 bytes at most in DNS) or an address's text. */
    public static final int MAX_HOST_BYTES = 255;
    /** A refusal's text. */
    public static final int MAX_TEXT_BYTES = 1024;
    /** The most a window may reach, so that no sum of adjustments overflows a signed 32-bit count. */
    public static final int MAX_WINDOW = Integer.MAX_VALUE;

    // Our own limits: what this implementation grants and waits for.

    /**
     * What each side lets its peer send on one connection before waiting for a WINDOW: the most
     * memory a connection's data can take on the receiving side, whatever the peer does. 1 MiB
     * keeps a loopback forward at full speed (the sender is never starved while the receiver's
     * adjustment is on its way) and 100 connections within 100 MiB even if no target reads.
     */
    public static final int WINDOW_BYTES = 1 << 20;
    /** A receiver gives credit back once this much of its window was written out, not for every message. */
    public static final int WINDOW_ADJUST_BYTES = WINDOW_BYTES / 4;
    /** The client numbers its channels below this, the server ({@code --remote}'s connections) from it on. */
    public static final int SERVER_CHANNELS = Integer.MIN_VALUE;
    /** Listeners ({@code vpn forward --remote}) in one session. */
    public static final int MAX_LISTENERS = 16;
    /** Connections open at once in one session; an OPEN past it is refused (TOO_MANY). */
    public static final int MAX_CHANNELS = 256;
    /** How long the server tries to reach a target (each of its addresses). */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** A connection that carried nothing either way this long is closed by the server, unless --forward-idle-timeout. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
    /** The client's PING while the session is quiet, so that neither side's idle timeout ends a session with open connections. */
    public static final Duration KEEPALIVE = Duration.ofSeconds(30);
    /** How long a client waits for the server's answer to an OPEN or CHECK (the connect timeout and DNS, with room). */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
    /** A SOCKS client has this long to say where it wants to go. */
    public static final Duration SOCKS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private TunnelProtocol() {
    }
}
