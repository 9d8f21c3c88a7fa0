package vpn.core.transport;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Enforces the deadlines of many connections' reads and writes with one thread: a connection with
 * a read or a write past its deadline is closed, and the blocked call fails as a timeout.
 *
 * <p>Reads: long timeouts (a second or more) are enforced here, so that reads can block untimed,
 * which costs one system call, where a socket timeout costs a poll before every read and, on
 * virtual threads, a timer as well (docs/performance.md); shorter waits keep the socket's own
 * timeout. Writes: Java's blocking socket writes have no timeout at all, so a peer that stops
 * reading would hold a writer forever; here every write has one.
 *
 * <p>Deadlines are enforced within {@link #SWEEP}. The sweeping thread runs only while some
 * connection is watched.
 */
public final class Deadlines {

    /** How often deadlines are checked, and so how late a timeout may fire. */
    static final Duration SWEEP = Duration.ofMillis(200);

    /** Read waits shorter than this use the socket's own timeout: they must be precise. */
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
            sweeper = Thread.ofPlatform().name("vpn-deadlines").daemon().start(this::sweep);
        }
    }

    /**
     * One connection's check. Whatever it throws (an out-of-memory error while closing, a bug)
     * must not end the sweeping thread, or no read or write of any session would time out again.
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
