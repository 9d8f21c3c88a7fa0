package vpn.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns the end of the process on SIGTERM (how service managers stop a process), SIGINT (Ctrl-C)
 * or SIGHUP into an orderly stop that exits with the command's own code, where the JVM would cut
 * every connection and exit with 143, 130 or 129.
 *
 * <p>Java has no supported way to handle a signal instead of shutting down: {@code sun.misc.Signal}
 * needs the module jdk.unsupported, and with it in the module graph Guava switches to
 * {@code sun.misc.Unsafe}, which JDK 24 and later warn about on every start. So this works inside
 * the shutdown: a hook asks the command to stop, waits until it has, and ends the process with its
 * exit code ({@link Runtime#halt}: {@code System.exit} cannot be called during a shutdown). While
 * installed, any shutdown of the JVM is taken as such a request; the command removes the hook
 * before it returns normally.
 */
final class OrderlyStop implements AutoCloseable {

    /** Exit code when the command did not stop within the bound. */
    private static final int NOT_STOPPED = 1;

    private final Thread hook;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int exitCode = NOT_STOPPED;

    private OrderlyStop(Runnable stop, Duration bound) {
        this.hook = new Thread(() -> {
            stop.run();
            try {
                stopped.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Runtime.getRuntime().halt(exitCode);
        }, "vpn-orderly-stop");
    }

    /**
     * @param stop asks the command to stop (called on the hook's thread; must not block)
     * @param bound how long the command may then take before the process ends anyway (exit code 1)
     */
    static OrderlyStop install(Runnable stop, Duration bound) {
        OrderlyStop orderly = new OrderlyStop(stop, bound);
        Runtime.getRuntime().addShutdownHook(orderly.hook);
        return orderly;
    }

    /** The command has stopped, with this exit code: a shutdown in progress ends the process with it. */
    void stopped(int code) {
        exitCode = code;
        stopped.countDown();
    }

    /** Removes the hook, unless the shutdown has begun: then the hook ends the process. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running, and ends the process with the code given to stopped()
        }
    }
}
