package vpn.core;

/**
 * The one checked exception of the protocol: the peer sent something we cannot accept, or did
 * not send it in time. The message is a short, log-safe reason (it never contains key material);
 * toward the peer we say little: the refusal texts of negotiation, a service refusal, and close.
 */
public final class ProtocolException extends Exception {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    /** Why a session ended early: what a caller may react to, not just print. */
    public enum Reason {
        /** No cipher common to both sides; the server tells the client so before closing. */
        NO_COMMON_CIPHER,
        /** No key exchange common to both sides (secure mode); the server says so before closing. */
        NO_COMMON_KEY_EXCHANGE,
        /** The bytes do not have the shape of the message expected at this point. */
        MALFORMED,
        /** A record's HMAC tag did not verify. */
        BAD_TAG,
        /**
         * The server could not be authenticated: its signature over the handshake does not verify,
         * its key differs from the pinned one, or it answered in classic mode where secure mode
         * was required.
         */
        SERVER_AUTHENTICATION,
        /**
         * The user could not be authenticated: the server does not accept the key, the signature
         * does not verify, or the client has no key to offer.
         */
        USER_AUTHENTICATION,
        /** The server refused what the client asked for after the handshake (a service it does not offer). */
        REFUSED,
        /** A Diffie-Hellman public value outside the safe range or not in the subgroup. */
        INVALID_KEY_SHARE,
        /** A message longer than its limit. */
        OVERSIZE,
        /** The peer went silent past a timeout. */
        TIMEOUT,
        /** The peer closed the connection in the middle of the protocol. */
        CLOSED,
        /**
         * The server had no capacity for the work in time (too many 8192-bit key exchanges at once):
         * it closed the connection without computing.
         */
        BUSY
    }

    private final Reason reason;

    public ProtocolException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
