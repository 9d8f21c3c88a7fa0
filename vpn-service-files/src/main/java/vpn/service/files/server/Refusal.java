package vpn.service.files.server;

import vpn.service.files.protocol.Reason;

/**
 * A request the server does not carry out, or a transfer that failed: the reason for the FAILED
 * answer and one line for the user, which names the path as the client typed it.
 */
public final class Refusal extends Exception {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final Reason reason;

    public Refusal(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
