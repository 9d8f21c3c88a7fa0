package vpn.service.tunnel.relay;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads relays run on, two per connection. The first {@link #PLATFORM_CONNECTIONS}
 * connections at once get platform threads, kept and reused; the ones beyond get virtual threads.
 * A busy connection costs less CPU per byte on platform threads, whose socket reads and writes
 * block in the kernel, than on virtual threads, which wait through the JDK's poller and wake a
 * carrier thread for each chunk (docs/performance.md, "Tunnels"). Thousands of mostly idle
 * connections cost little memory on virtual threads. Thread-safe; one per server, one per client
 * session.
 */
public final class RelayThreads {

    /** How many connections at once run on platform threads. */
    public static final int PLATFORM_CONNECTIONS = 32;

    private final ExecutorService platform =
            Executors.newCachedThreadPool(Thread.ofPlatform().name("tunnel-relay-", 0).daemon().factory());
    private final Semaphore platformSlots = new Semaphore(PLATFORM_CONNECTIONS);

    /**
     * Runs the two directions of one connection, each on a thread of its own named after it.
     *
     * @param name the threads' name, for thread dumps
     */
    void start(String name, Runnable up, Runnable down) {
        if (platformSlots.tryAcquire()) {
            // An unbounded cached pool that is never shut down takes every task.
            AtomicInteger running = new AtomicInteger(2);
            platform.execute(() -> runNamed(name + "-up", up, running));
            platform.execute(() -> runNamed(name + "-down", down, running));
            return;
        }
        Thread.ofVirtual().name(name + "-up").start(up);
        Thread.ofVirtual().name(name + "-down").start(down);
    }

    private void runNamed(String name, Runnable task, AtomicInteger running) {
        Thread thread = Thread.currentThread();
        String poolName = thread.getName();
        thread.setName(name);
        try {
            task.run();
        } finally {
            thread.setName(poolName);
            if (running.decrementAndGet() == 0) {
                platformSlots.release();
            }
        }
    }

    /** How many connections run on platform threads now (tests). */
    int onPlatformThreads() {
        return PLATFORM_CONNECTIONS - platformSlots.availablePermits();
    }
}
