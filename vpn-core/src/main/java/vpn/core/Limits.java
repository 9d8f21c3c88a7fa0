package vpn.core;

import java.time.Duration;

/**
 * How long a session waits: our own timeouts (not from any specification). Every read and every
 * write in both protocols has one of these as its timeout; the size limits are the protocols' own
 * constants ({@code Proposal.MAX_BYTES}, {@code ClassicProtocol}, {@code SecureProtocol}).
 *
 * @param handshakeTimeout how long each handshake message may take to arrive, how long the rest
 *     of any message may take once its first byte is here, and how long a reply may take
 * @param idleTimeout how long a session may sit between two messages
 * @param settleTime classic messages have no framing: when what arrived could already be the whole
 *     message, we wait this long for more bytes before taking it as complete
 * @param writeTimeout how long one write may stay blocked because the peer does not read what was
 *     sent before; then the connection is closed (by default as long as the idle timeout)
 */
public record Limits(Duration handshakeTimeout, Duration idleTimeout, Duration settleTime, Duration writeTimeout) {

    /** The timeouts a deployment runs with unless told otherwise. */
    public static final Limits DEFAULT = new Limits(Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMillis(20),
            Duration.ofMinutes(10));

    public Limits {
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(settleTime, "settleTime");
        requirePositive(writeTimeout, "writeTimeout");
    }

    public Limits withHandshakeTimeout(Duration timeout) {
        return new Limits(timeout, idleTimeout, settleTime, writeTimeout);
    }

    public Limits withIdleTimeout(Duration timeout) {
        return new Limits(handshakeTimeout, timeout, settleTime, writeTimeout);
    }

    public Limits withWriteTimeout(Duration timeout) {
        return new Limits(handshakeTimeout, idleTimeout, settleTime, timeout);
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
