package vpn.api.service;

import java.io.IOException;

/**
 * The peer broke the protocol, or the session failed in a way the core understands (a record that
 * did not verify, a truncated session, a timeout). The message is one log-safe line; the core's
 * own exception, when there is one, is the cause.
 */
public class ChannelException extends IOException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public ChannelException(String message) {
        super(message);
    }

    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
