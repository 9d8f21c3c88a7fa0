package vpn.service.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The first connections at once run on platform threads, the ones beyond on virtual threads; a slot is free once both directions ended. */
class RelayThreadsTest {

    private record Seen(String name, boolean virtual) {
    }

    @Test
    void theFirstConnectionsGetPlatformThreadsAndTheRestVirtualOnes() throws Exception {
        RelayThreads threads = new RelayThreads();
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
        int connections = RelayThreads.PLATFORM_CONNECTIONS + 3;
        CountDownLatch started = new CountDownLatch(2 * connections);
        Runnable direction = () -> {
            seen.add(new Seen(Thread.currentThread().getName(), Thread.currentThread().isVirtual()));
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < connections; i++) {
            threads.start("tunnel-" + i, direction, direction);
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertEquals(RelayThreads.PLATFORM_CONNECTIONS, threads.onPlatformThreads());
        List<Seen> all = new ArrayList<>(seen);
        assertEquals(2 * RelayThreads.PLATFORM_CONNECTIONS, all.stream().filter(s -> !s.virtual()).count());
        assertEquals(6, all.stream().filter(Seen::virtual).count());
        assertTrue(all.stream().anyMatch(s -> s.name().equals("tunnel-0-up")), all.toString());
        assertTrue(all.stream().anyMatch(s -> s.name().equals("tunnel-0-down")), all.toString());
        assertTrue(all.stream().filter(Seen::virtual).allMatch(s -> s.name().startsWith("tunnel-")), all.toString());

        release.countDown();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.onPlatformThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, threads.onPlatformThreads());
    }

    /** A slot is held until the second direction ends, not the first. */
    @Test
    void aConnectionHoldsItsSlotUntilBothDirectionsEnded() throws Exception {
        RelayThreads threads = new RelayThreads();
        CountDownLatch upEnded = new CountDownLatch(1);
        CountDownLatch releaseDown = new CountDownLatch(1);
        CountDownLatch downEnded = new CountDownLatch(1);
        threads.start("tunnel-1", upEnded::countDown, () -> {
            try {
                releaseDown.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            downEnded.countDown();
        });
        assertTrue(upEnded.await(10, TimeUnit.SECONDS));
        Thread.sleep(50);
        assertEquals(1, threads.onPlatformThreads());
        releaseDown.countDown();
        assertTrue(downEnded.await(10, TimeUnit.SECONDS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (threads.onPlatformThreads() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, threads.onPlatformThreads());
        assertFalse(Thread.currentThread().isVirtual());
    }
}
