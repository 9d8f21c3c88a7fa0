package vpn.core.kex;

import java.math.BigInteger;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Bounds the server's 8192-bit exponentiations running at once (about one per core) and queues the
 * rest, first come first served, each for at most a deadline. A client can make the server pay two
 * of them (~35 ms) with a cheap valid value such as 4; without a bound, a flood of such handshakes
 * shares the CPU among all of them, so every handshake, a good client's too, gets slower as the
 * flood grows. With it, the excess waits in line and what waits too long is refused, while the
 * handshakes that do run finish at full speed. The permit is held for the computation only, never
 * across a read from the network.
 */
public final class ExponentiationGate implements Exponentiation {

    private final Semaphore permits;
    private final Duration maxWait;
    private final Exponentiation operation;

    /**
     * @param permits how many run at once
     * @param maxWait how long a caller waits for its turn before it is refused (the handshake timeout)
     * @param operation what runs once the caller's turn came ({@link Exponentiation#DIRECT}; tests slow it down)
     */
    public ExponentiationGate(int permits, Duration maxWait, Exponentiation operation) {
        if (permits <= 0) {
            throw new IllegalArgumentException("permits must be positive, not " + permits);
        }
        // Fair, so that a waiting handshake is not overtaken by ever newer ones and starved past its deadline.
        this.permits = new Semaphore(permits, true);
        this.maxWait = maxWait;
        this.operation = operation;
    }

    /** One permit per processor the JVM may use, the real {@code modPow}. */
    public static ExponentiationGate perProcessor(Duration maxWait) {
        return new ExponentiationGate(Runtime.getRuntime().availableProcessors(), maxWait, DIRECT);
    }

    /**
     * Waits for a permit (at most {@code maxWait}), then computes.
     *
     * @throws ProtocolException {@link Reason#BUSY} when no permit came in time, or the thread was interrupted
     */
    @Override
    public BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) throws ProtocolException {
        try {
            if (!permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new ProtocolException(Reason.BUSY, "server busy: no turn to compute the key within "
                        + maxWait.toMillis() + " ms (too many 8192-bit key exchanges at once)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProtocolException(Reason.BUSY, "server busy: interrupted while waiting to compute the key");
        }
        try {
            return operation.modPow(base, exponent, modulus);
        } finally {
            permits.release();
        }
    }

    /** True when a permit is free and nobody waits for one: work started now delays no handshake. */
    public boolean idle() {
        return permits.availablePermits() > 0 && !permits.hasQueuedThreads();
    }
}
