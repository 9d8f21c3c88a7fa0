package vpn.core.server;

import java.net.InetAddress;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * What the server says about connections dropped past {@code --max-startups}, without a line per
 * connection during a flood (which would flood the log in turn): one line when dropping begins,
 * then at most one per interval with the count, and one when a connection is admitted after an
 * interval without drops. As sshd does for MaxStartups ("beginning", "in", "exited ... throttling").
 * Called by the accept loop, and with the PROXY protocol by the session threads that read the
 * headers (the client's address is known only then): hence synchronized.
 */
final class DropReport {

    private final System.Logger log;
    private final MaxStartups limit;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private boolean dropping;
    private long firstDrop;
    private long lastDrop;
    private long lastLine;
    private long sinceLine;
    private long total;

    /** @param nanoTime the clock, {@code System::nanoTime} (tests advance their own) */
    DropReport(System.Logger log, MaxStartups limit, Duration interval, LongSupplier nanoTime) {
        this.log = log;
        this.limit = limit;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** A connection from {@code source} was dropped while {@code unauthenticated} from it were open. */
    synchronized void dropped(InetAddress source, int unauthenticated) {
        long now = nanoTime.getAsLong();
        if (!dropping) {
            dropping = true;
            firstDrop = now;
            lastLine = now;
            total = 0;
            sinceLine = 0;
            log.log(System.Logger.Level.WARNING, "dropping connections past --max-startups " + limit + ": "
                    + source.getHostAddress() + " has " + unauthenticated + " that have not finished their handshake");
        } else if (now - lastLine >= intervalNanos) {
            log.log(System.Logger.Level.WARNING, "still dropping connections past --max-startups " + limit + ": "
                    + sinceLine + " in the last " + seconds(now - lastLine) + ", the last from " + source.getHostAddress());
            lastLine = now;
            sinceLine = 0;
        }
        lastDrop = now;
        sinceLine++;
        total++;
    }

    /** A connection was admitted: after an interval without drops, the flood is over and said so. */
    synchronized void admitted() {
        if (!dropping) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastDrop >= intervalNanos) {
            log.log(System.Logger.Level.INFO, "stopped dropping connections past --max-startups " + limit
                    + " after " + seconds(lastDrop - firstDrop) + ": " + total + " dropped");
            dropping = false;
        }
    }

    private static String seconds(long nanos) {
        return Duration.ofNanos(nanos).toSeconds() + " s";
    }
}
