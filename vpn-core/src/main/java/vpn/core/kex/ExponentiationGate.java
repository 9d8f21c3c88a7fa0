package vpn.core.kex;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Bounds the server's 8192-bit exponentiations running at once (about one per core) and queues the
 * rest, first come first served, each waiting at most a deadline for its turn. A client can make
 * the server pay two of them (~21 ms: its key pair from the fixed-base comb, the secret by modPow)
 * with a cheap valid value such as 4; without a bound, a flood
 * of such handshakes shares the CPU among all of them, so every handshake, a good client's too, gets
 * slower as the flood grows. With it, the excess waits in line, what waits too long is refused, and
 * the handshakes that do run finish at full speed. A turn covers the computation only, never a read.
 *
 * <p>The exponentiations run on platform threads of the gate's own, not on the sessions' threads:
 * a {@code modPow} never yields, so on virtual threads the flood's exponentiations would hold every
 * carrier thread in turn, and an established session's next message would wait behind them; on
 * threads of their own the operating system shares the cores between them and everything else.
 * The threads end after a few idle seconds, so an unused gate holds none.
 */
public final class ExponentiationGate implements Exponentiation, AutoCloseable {

    private static final long IDLE_THREAD_SECONDS = 10;

    private final int permits;
    private final Duration maxWait;
    private final Exponentiation operation;
    private final ThreadPoolExecutor workers;
    /** Exponentiations queued or running; a turn is counted until whoever claims it is done with it. */
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * @param permits how many run at once
     * @param maxWait how long a caller waits for its turn before it is refused (the handshake timeout)
     * @param operation what runs once the caller's turn came ({@link Exponentiation#DIRECT}; tests slow it down)
     */
    public ExponentiationGate(int permits, Duration maxWait, Exponentiation operation) {
        if (permits <= 0) {
            throw new IllegalArgumentException("permits must be positive, not " + permits);
        }
        this.permits = permits;
        this.maxWait = maxWait;
        this.operation = operation;
        // One FIFO queue: a waiting handshake is never overtaken by newer ones and starved past its deadline.
        this.workers = new ThreadPoolExecutor(permits, permits, IDLE_THREAD_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("vpn-exponentiation-", 0).daemon().factory());
        this.workers.allowCoreThreadTimeOut(true);
    }

    /** One turn at a time per processor the JVM may use, the real {@code modPow}. */
    public static ExponentiationGate perProcessor(Duration maxWait) {
        return perProcessor(maxWait, DIRECT);
    }

    /**
     * One turn at a time per processor the JVM may use, each computing with {@code operation}
     * (a server's {@link FixedBaseExponentiation}).
     */
    public static ExponentiationGate perProcessor(Duration maxWait, Exponentiation operation) {
        return new ExponentiationGate(Runtime.getRuntime().availableProcessors(), maxWait, operation);
    }

    /**
     * Waits for a turn (at most {@code maxWait}), then computes and returns the result.
     *
     * @throws ProtocolException {@link Reason#BUSY} when no turn came in time, or the caller was interrupted
     */
    @Override
    public BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) throws ProtocolException {
        // Whoever claims the turn first decides: the worker (it computes) or the caller giving up (nobody does).
        AtomicBoolean claimed = new AtomicBoolean();
        FutureTask<BigInteger> task = new FutureTask<>(() -> claimed.compareAndSet(false, true)
                ? compute(base, exponent, modulus) : null);
        inFlight.incrementAndGet();
        try {
            workers.execute(task);
        } catch (RejectedExecutionException closed) {
            inFlight.decrementAndGet();
            throw new ProtocolException(Reason.BUSY, "server busy: shutting down");
        }
        try {
            try {
                return task.get(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException late) {
                if (claimed.compareAndSet(false, true)) {
                    inFlight.decrementAndGet(); // its task stays queued, void, and is skipped when reached
                    throw new ProtocolException(Reason.BUSY, "server busy: no turn to compute the key within "
                            + maxWait.toMillis() + " ms (too many 8192-bit key exchanges at once)");
                }
                return task.get(); // it started just in time: it finishes
            }
        } catch (InterruptedException e) {
            if (claimed.compareAndSet(false, true)) {
                inFlight.decrementAndGet();
            }
            Thread.currentThread().interrupt();
            throw new ProtocolException(Reason.BUSY, "server busy: interrupted while waiting to compute the key");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ProtocolException refused) {
                throw refused;
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private BigInteger compute(BigInteger base, BigInteger exponent, BigInteger modulus) throws ProtocolException {
        try {
            return operation.modPow(base, exponent, modulus);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** True when a turn is free and nobody waits for one: work started now delays no handshake. */
    public boolean idle() {
        return inFlight.get() < permits;
    }

    /** Stops the gate's threads; a caller waiting for a turn is refused. */
    @Override
    public void close() {
        workers.shutdownNow();
    }
}
