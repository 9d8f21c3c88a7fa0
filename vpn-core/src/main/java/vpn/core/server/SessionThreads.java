package vpn.core.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The threads sessions run on, one per session, of the kind {@link VpnServer.Threads} names. For
 * {@link VpnServer.Threads#AUTO}, the first {@link #PLATFORM_SESSIONS} sessions at once get a
 * platform thread (kept and reused, so a new session does not pay for a new kernel thread) and
 * the sessions beyond get virtual threads: a busy session costs about half the CPU per message on
 * a platform thread, whose read blocks in the kernel, and ten thousand idle sessions cost little
 * memory on virtual threads (docs/performance.md).
 */
public final class SessionThreads implements AutoCloseable {

    /** How many sessions at once {@link VpnServer.Threads#AUTO} runs on platform threads. */
    public static final int PLATFORM_SESSIONS = 256;

    private final List<ExecutorService> executors = new ArrayList<>();
    private final ExecutorService platform;
    private final ExecutorService virtual;
    private final Semaphore platformSlots;

    public SessionThreads(VpnServer.Threads kind, String name) {
        platform = switch (kind) {
            case AUTO -> Executors.newCachedThreadPool(Thread.ofPlatform().name(name, 0).daemon().factory());
            case PLATFORM -> Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name(name, 0).daemon().factory());
            case VIRTUAL -> null;
        };
        virtual = kind == VpnServer.Threads.PLATFORM ? null : Executors.newVirtualThreadPerTaskExecutor();
        platformSlots = kind == VpnServer.Threads.AUTO ? new Semaphore(PLATFORM_SESSIONS) : null;
        if (platform != null) {
            executors.add(platform);
        }
        if (virtual != null) {
            executors.add(virtual);
        }
    }

    /**
     * Starts {@code session} on a thread of its own.
     *
     * @throws RejectedExecutionException after {@link #shutdown}
     */
    public void execute(Runnable session) {
        if (platformSlots == null) {
            (platform != null ? platform : virtual).execute(session);
        } else if (platformSlots.tryAcquire()) {
            try {
                platform.execute(() -> {
                    try {
                        session.run();
                    } finally {
                        platformSlots.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                platformSlots.release();
                throw e;
            }
        } else {
            virtual.execute(session);
        }
    }

    /** How many sessions run on platform threads now ({@link VpnServer.Threads#AUTO}; tests). */
    int onPlatformThreads() {
        return platformSlots == null ? -1 : PLATFORM_SESSIONS - platformSlots.availablePermits();
    }

    /** No new sessions; those running go on. */
    public void shutdown() {
        executors.forEach(ExecutorService::shutdown);
    }

    /** Waits up to {@code timeout} for the running sessions to end; true if they all did. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ExecutorService executor : executors) {
            if (!executor.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }

    /** Interrupts the sessions still running. */
    public void shutdownNow() {
        executors.forEach(ExecutorService::shutdownNow);
    }

    /** No new sessions, and waits for those running to end, as {@link ExecutorService#close()} does. */
    @Override
    public void close() {
        executors.forEach(ExecutorService::close);
    }
}
