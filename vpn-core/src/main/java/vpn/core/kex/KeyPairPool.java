package vpn.core.kex;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import vpn.core.ProtocolException;

/**
 * Server key pairs computed ahead of time, while the server has no handshake in progress, so that
 * a handshake takes a ready pair instead of spending a ~17 ms {@code modPow} on it. Bounded: at
 * most {@code capacity} pairs wait. Under sustained load the pool runs dry and pairs are computed
 * inline, exactly as without a pool. Each pair is handed out once, so keys stay ephemeral.
 */
public final class KeyPairPool implements KeyPairSource, AutoCloseable {

    /** How long the filler waits before looking again when the server is busy or the pool is full. */
    private static final long IDLE_POLL_MILLIS = 5;

    private final DiffieHellman dh;
    private final BlockingQueue<DhKeyPair> ready;
    private final AtomicInteger busy = new AtomicInteger();
    /** Times the filler looked and held back because a handshake was running (for tests). */
    private final java.util.concurrent.atomic.AtomicLong heldBack = new java.util.concurrent.atomic.AtomicLong();
    private final Thread filler;

    public KeyPairPool(DiffieHellman dh, int capacity) {
        this.dh = dh;
        this.ready = new ArrayBlockingQueue<>(capacity);
        this.filler = Thread.ofPlatform().name("vpn-keypair-pool").daemon().start(this::fill);
    }

    /** A precomputed pair if one is ready, else a fresh one (which a server's gate may refuse). */
    @Override
    public DhKeyPair get() throws ProtocolException {
        DhKeyPair pair = ready.poll();
        return pair != null ? pair : dh.generateKeyPair();
    }

    /** Marks a handshake as running: the filler yields the CPU to it until {@link #handshakeDone()}. */
    @Override
    public void handshakeStarted() {
        busy.incrementAndGet();
    }

    @Override
    public void handshakeDone() {
        busy.decrementAndGet();
    }

    /** How often the filler held back for a running handshake (for tests and diagnostics). */
    public long heldBack() {
        return heldBack.get();
    }

    /** Pairs waiting (for tests and diagnostics). */
    public int ready() {
        return ready.size();
    }

    private void fill() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (busy.get() > 0) {
                    heldBack.incrementAndGet();
                    Thread.sleep(IDLE_POLL_MILLIS);
                } else if (ready.remainingCapacity() == 0) {
                    Thread.sleep(IDLE_POLL_MILLIS);
                } else {
                    offer();
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** One more pair; a turn the gate did not give in time is simply tried again. */
    private void offer() {
        try {
            ready.offer(dh.generateKeyPair());
        } catch (ProtocolException busy) {
            // the server is saturated: handshakes have the CPU, the pool waits
        }
    }

    @Override
    public void close() {
        filler.interrupt();
    }
}
