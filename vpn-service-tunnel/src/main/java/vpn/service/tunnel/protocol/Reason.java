package vpn.service.tunnel.protocol;

import java.util.Optional;

/** Why the server did not open a connection to a target: REFUSED's reason byte. */
public enum Reason {
    /** The server's --allow-forward or the key's options do not allow the target. */
    NOT_ALLOWED(1),
    /** The target's host answered with a reset: nothing listens on that port. */
    CONNECTION_REFUSED(2),
    /** The name does not resolve, or no route leads to the host. */
    HOST_UNREACHABLE(3),
    /** No route to the host's network. */
    NETWORK_UNREACHABLE(4),
    /** The target did not answer within the connect timeout. */
    TIMED_OUT(5),
    /** The session has as many connections open as the server allows. */
    TOO_MANY(6),
    /** Any other failure. */
    FAILED(7);

    private final int code;

    Reason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<Reason> of(int code) {
        for (Reason reason : values()) {
            if (reason.code == code) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
