package vpn.core.transport;

import java.io.IOException;
import java.time.Duration;

/**
 * A write stayed blocked past its deadline because the peer stopped reading, so the connection
 * was closed. Also what the connection's reader gets then, so that whichever thread reports the
 * end says why.
 */
public final class WriteTimeoutException extends IOException {

    private static final long serialVersionUID = 1L;

    public WriteTimeoutException(Duration timeout) {
        super("the peer stopped reading for " + format(timeout));
    }

    /** {@code 600 s}, or {@code 250 ms} for timeouts that are not whole seconds. */
    static String format(Duration timeout) {
        return timeout.toMillisPart() == 0 ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms";
    }
}
