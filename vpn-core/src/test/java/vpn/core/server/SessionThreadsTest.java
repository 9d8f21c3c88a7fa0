package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SessionThreadsTest {

    @Test
    void autoRunsTheFirstSessionsOnPlatformThreadsAndTheRestOnVirtualOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (SessionThreads threads = new SessionThreads(VpnServer.Threads.AUTO, "test-session-")) {
            CountDownLatch started = new CountDownLatch(SessionThreads.PLATFORM_SESSIONS);
            for (int i = 0; i < SessionThreads.PLATFORM_SESSIONS; i++) {
                threads.execute(() -> {
                    assertFalse(Thread.currentThread().isVirtual());
                    started.countDown();
                    await(release);
                });
            }
            assertTrue(started.await(10, TimeUnit.SECONDS));
            assertEquals(SessionThreads.PLATFORM_SESSIONS, threads.onPlatformThreads());

            assertTrue(runsOnVirtualThread(threads), "one past the limit runs on a virtual thread");

            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (threads.onPlatformThreads() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, threads.onPlatformThreads(), "each ended session gives its platform thread back");
            assertFalse(runsOnVirtualThread(threads), "and the next session gets one again");
        }
    }

    @Test
    void virtualAndPlatformMeanEverySession() throws Exception {
        try (SessionThreads virtual = new SessionThreads(VpnServer.Threads.VIRTUAL, "v-");
                SessionThreads platform = new SessionThreads(VpnServer.Threads.PLATFORM, "p-")) {
            assertTrue(runsOnVirtualThread(virtual));
            assertFalse(runsOnVirtualThread(platform));
        }
    }

    @Test
    void afterShutdownNewSessionsAreRefusedAndThePlatformSlotIsNotLost() throws Exception {
        SessionThreads threads = new SessionThreads(VpnServer.Threads.AUTO, "test-session-");
        threads.shutdown();
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> { }));
        assertEquals(0, threads.onPlatformThreads());
        assertTrue(threads.awaitTermination(Duration.ofSeconds(5)));
    }

    private static boolean runsOnVirtualThread(SessionThreads threads) throws Exception {
        CompletableFuture<Boolean> virtual = new CompletableFuture<>();
        threads.execute(() -> virtual.complete(Thread.currentThread().isVirtual()));
        return virtual.get(10, TimeUnit.SECONDS);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
