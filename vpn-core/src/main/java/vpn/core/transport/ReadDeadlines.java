package vpn.core.transport;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces long read timeouts (a second or more) for many connections with one thread: a
 * connection past its deadline is closed, and its blocked read fails as a timeout. Reads can then
 * block untimed, which costs one system call, where a socket timeout costs a poll before every
 * read and, on virtual threads, a timer as well (docs/performance.md). Deadlines are enforced
 * within {@link #SWEEP}; shorter waits keep the socket's own timeout. The sweeping thread runs
 * only while some connection is watched.
 */
public final class ReadDeadlines {

    /** How often deadlines are checked, and so how late a long timeout may fire. */
    static final Duration SWEEP = Duration.ofMillis(200);

    /** Waits shorter than this use the socket's own timeout: they must be precise. */
    static final Duration SHORTEST = Duration.ofSeconds(1);

    private final Set<SocketTransport> watched = ConcurrentHashMap.newKeySet();
    private Thread sweeper;

    void watch(SocketTransport transport) {
        watched.add(transport);
        ensureSweeping();
    }

    void unwatch(SocketTransport transport) {
        watched.remove(transport);
    }

    private synchronized void ensureSweeping() {
        if (sweeper == null) {
            sweeper = Thread.ofPlatform().name("vpn-read-deadlines").daemon().start(this::sweep);
        }
    }

    /**
     * One connection's check. Whatever it throws (an out-of-memory error while closing, a bug)
     * must not end the sweeping thread, or every long read of every session would stop timing out.
     */
    private static void expire(SocketTransport transport, long now) {
        try {
            transport.expireIfPast(now);
        } catch (Throwable e) {
            // The connection stays watched and is tried again at the next sweep.
        }
    }

    private void sweep() {
        try {
            while (true) {
                Thread.sleep(SWEEP);
                synchronized (this) {
                    if (watched.isEmpty()) {
                        sweeper = null;
                        return;
                    }
                }
                long now = System.nanoTime();
                for (SocketTransport transport : watched) {
                    expire(transport, now);
                }
            }
        } catch (InterruptedException stopped) {
            synchronized (this) {
                sweeper = null;
            }
        }
    }
}
