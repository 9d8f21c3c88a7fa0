package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.Timeout(60)
class KeyPairPoolTest {

    private final DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, new SecureRandom());

    private static void awaitReady(KeyPairPool pool, int count) throws InterruptedException {
        for (int i = 0; i < 500 && pool.ready() < count; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void fillsUpToItsCapacityWhileIdleAndHandsEachPairOutOnce() throws Exception {
        try (KeyPairPool pool = new KeyPairPool(dh, 3, () -> true)) {
            awaitReady(pool, 3);
            assertEquals(3, pool.ready());
            DhKeyPair first = pool.get();
            DhKeyPair second = pool.get();
            assertNotEquals(first.publicValue(), second.publicValue());
            assertTrue(pool.ready() <= 2);
            assertEquals(dh.group().g().modPow(first.privateExponent(), dh.group().p()), first.publicValue());
        }
    }

    /** Closing stops the filler: its thread ends, and no pair is computed for a pool nobody uses. */
    @Test
    void closingEndsTheFillerThread() throws Exception {
        java.util.concurrent.CompletableFuture<Thread> filler = new java.util.concurrent.CompletableFuture<>();
        KeyPairPool pool = new KeyPairPool(dh, 1, () -> {
            filler.complete(Thread.currentThread());
            return false;
        });
        Thread thread = filler.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertTrue(thread.isDaemon(), "the filler never keeps the process alive");
        pool.close();
        thread.join(10_000);
        assertEquals(false, thread.isAlive(), "the filler still runs after close");
    }

    @Test
    void doesNotComputeWhileTheServerIsBusyButStillServesPairs() throws Exception {
        AtomicBoolean idle = new AtomicBoolean(false);
        try (KeyPairPool pool = new KeyPairPool(dh, 8, idle::get)) {
            // Wait until the filler has seen the busy server twice: from then on it holds back.
            long seen = pool.heldBack();
            while (pool.heldBack() < seen + 2) {
                Thread.sleep(1);
            }
            assertEquals(0, pool.ready());
            assertTrue(pool.get().publicValue().signum() > 0, "an empty pool computes the pair inline");
            idle.set(true);
            awaitReady(pool, 1);
            assertTrue(pool.ready() >= 1);
        }
    }
}
