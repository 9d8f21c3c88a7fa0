package vpn.core.kex;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import vpn.core.ProtocolException;

/**
 * Server key pairs computed ahead of time, while the server's exponentiations leave room, so that
 * a handshake takes a ready pair instead of computing it (~5 ms with the server's fixed-base comb,
 * a ~16 ms {@code modPow} without). Bounded: at
 * most {@code capacity} pairs wait. Under sustained load the pool runs dry and pairs are computed
 * inline, exactly as without a pool. Each pair is handed out once, so keys stay ephemeral.
 *
 * <p>The filler holds back while the server's {@link ExponentiationGate} is busy, not while
 * connections are merely open: a connection that holds its handshake open without sending costs
 * no CPU, and must not stop the refill (it once did, so one idle client emptied the pool for all).
 * A full pool's filler sleeps until a pair is taken: an idle server pays no polling (it once woke
 * 200 times a second, about 2 ms of CPU per classic handshake when the clients came slowly).
 */
public final class KeyPairPool implements KeyPairSource, AutoCloseable {

    /** How long the filler waits before looking again when the server is busy. */
    private static final long IDLE_POLL_MILLIS = 5;

    private final DiffieHellman dh;
    private final BlockingQueue<DhKeyPair> ready;
    /** Places not yet filled or claimed: the filler takes one before it computes, a taker frees one. */
    private final Semaphore space;
    private final BooleanSupplier idle;
    /** Times the filler looked and held back because the server was busy (for tests). */
    private final AtomicLong heldBack = new AtomicLong();
    private final Thread filler;

    /**
     * @param dh the server's group, whose exponentiations go through its gate
     * @param idle whether a pair computed now would delay no handshake: the gate's {@link ExponentiationGate#idle()}
     */
    public KeyPairPool(DiffieHellman dh, int capacity, BooleanSupplier idle) {
        this.dh = dh;
        this.ready = new ArrayBlockingQueue<>(capacity);
        this.space = new Semaphore(capacity);
        this.idle = idle;
        this.filler = Thread.ofPlatform().name("vpn-keypair-pool").daemon().start(this::fill);
    }

    /** A precomputed pair if one is ready, else a fresh one (which a server's gate may refuse). */
    @Override
    public DhKeyPair get() throws ProtocolException {
        DhKeyPair pair = ready.poll();
        if (pair == null) {
            return dh.generateKeyPair();
        }
        space.release();
        return pair;
    }

    /** How often the filler held back for a busy server (for tests and diagnostics). */
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
                space.acquire(); // blocks while the pool is full
                while (!idle.getAsBoolean()) {
                    heldBack.incrementAndGet();
                    Thread.sleep(IDLE_POLL_MILLIS);
                }
                if (!offer()) {
                    space.release();
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    /** One more pair, true when it was added; a turn the gate did not give in time is simply tried again. */
    private boolean offer() {
        try {
            return ready.offer(dh.generateKeyPair());
        } catch (ProtocolException busy) {
            return false; // the server is saturated: handshakes have the CPU, the pool waits
        }
    }

    @Override
    public void close() {
        filler.interrupt();
    }
}
