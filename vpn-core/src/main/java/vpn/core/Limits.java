package vpn.core;

import java.time.Duration;

/**
 * Our own limits (not from any specification): how big each message may be and how long we wait.
 * Every read in the protocol is bounded by one size and one timeout from here.
 *
 * @param maxProposalBytes the whole {@code ProposedCiphers:} message
 * @param maxRecordCiphertext ciphertext bytes of one record (the 64-character tag comes on top)
 * @param handshakeTimeout how long each handshake message may take to arrive, and how long the
 *     rest of any message may take once its first byte is here
 * @param idleTimeout how long a session may sit between two messages
 * @param settleTime classic messages have no framing: when what arrived could already be the whole
 *     message, we wait this long for more bytes before taking it as complete
 * @param maxSessions sessions a server runs at once; more connections are closed at once
 */
public record Limits(
        int maxProposalBytes,
        int maxRecordCiphertext,
        Duration handshakeTimeout,
        Duration idleTimeout,
        Duration settleTime,
        int maxSessions) {

    /** The limits a deployment runs with unless told otherwise. */
    public static final Limits DEFAULT = new Limits(
            4096, 65536, Duration.ofSeconds(30), Duration.ofMinutes(10), Duration.ofMillis(20), 10_000);

    public Limits {
        requirePositive(maxProposalBytes, "maxProposalBytes");
        requirePositive(maxRecordCiphertext, "maxRecordCiphertext");
        requirePositive(maxSessions, "maxSessions");
        requirePositive(handshakeTimeout, "handshakeTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(settleTime, "settleTime");
    }

    public Limits withHandshakeTimeout(Duration timeout) {
        return new Limits(maxProposalBytes, maxRecordCiphertext, timeout, idleTimeout, settleTime, maxSessions);
    }

    public Limits withIdleTimeout(Duration timeout) {
        return new Limits(maxProposalBytes, maxRecordCiphertext, handshakeTimeout, timeout, settleTime, maxSessions);
    }

    public Limits withMaxSessions(int sessions) {
        return new Limits(maxProposalBytes, maxRecordCiphertext, handshakeTimeout, idleTimeout, settleTime, sessions);
    }

    private static void requirePositive(int value, String name) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
    }
}
