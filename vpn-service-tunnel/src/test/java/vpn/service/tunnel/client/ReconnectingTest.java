package vpn.service.tunnel.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vpn.api.service.ChannelException;
import vpn.api.service.User;
import vpn.service.tunnel.server.TunnelServer;
import vpn.service.tunnel.server.TunnelSettings;
import vpn.service.tunnel.testing.Loopback;

/** A dropped session is made again with backoff; new connections wait for it; a refusal by the server ends it all. */
class ReconnectingTest {

    // Written by the reconnecting thread too: closing a session makes it reconnect at once.
    private final List<Loopback> sessions = new CopyOnWriteArrayList<>();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Duration> delays = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        sessions.forEach(Loopback::close);
    }

    private TunnelClient session() throws IOException {
        TunnelServer server = new TunnelServer(new TunnelSettings(TunnelSettings.parsePatterns("127.0.0.1:*"),
                Duration.ofMinutes(1), Duration.ofSeconds(5)));
        Loopback loopback = new Loopback(server::open, new User("alice", "SHA256:a", new byte[32]));
        sessions.add(loopback);
        return TunnelClient.start(loopback);
    }

    @Test
    void aDroppedSessionIsMadeAgainAfter1ThenTwiceAsLongAndWaitersGetTheNewOne() throws Exception {
        TunnelClient first = session();
        AtomicInteger attempts = new AtomicInteger();
        CompletableFuture<TunnelClient> made = new CompletableFuture<>();
        Reconnecting reconnecting = new Reconnecting(first, () -> {
            if (attempts.incrementAndGet() < 4) {
                throw new IOException("127.0.0.1:4600: Connection refused");
            }
            TunnelClient next = session();
            made.complete(next);
            return next;
        }, delays::add, lines::add, "127.0.0.1:4600");
        assertSame(first, reconnecting.current());
        Thread runner = Thread.ofVirtual().start(() -> {
            try {
                reconnecting.run();
            } catch (Exception e) {
                lines.add("ended: " + e);
            }
        });
        sessions.getFirst().close(); // the server ends the session
        TunnelClient next = made.get(10, TimeUnit.SECONDS);
        assertSame(next, reconnecting.current());
        assertNotSame(first, next);
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8)),
                delays);
        assertEquals(List.of(
                "warning: 127.0.0.1:4600: the server ended the session; reconnecting in 1 s",
                "warning: 127.0.0.1:4600: 127.0.0.1:4600: Connection refused; reconnecting in 2 s",
                "warning: 127.0.0.1:4600: 127.0.0.1:4600: Connection refused; reconnecting in 4 s",
                "warning: 127.0.0.1:4600: 127.0.0.1:4600: Connection refused; reconnecting in 8 s",
                "Reconnected to 127.0.0.1:4600"), awaitLines(5));
        runner.interrupt();
        runner.join(Duration.ofSeconds(10));
        assertFalse(runner.isAlive());
    }

    @Test
    void theDelayStopsGrowingAt30Seconds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Reconnecting reconnecting = new Reconnecting(session(), () -> {
            if (attempts.incrementAndGet() < 8) {
                throw new IOException("unreachable");
            }
            throw new ChannelException("authentication failed");
        }, delays::add, lines::add, "server");
        sessions.getFirst().close();
        assertEquals("authentication failed", assertThrows(ChannelException.class, reconnecting::run).getMessage());
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L), delays.stream().map(Duration::toSeconds).toList());
        IOException waiting = assertThrows(IOException.class, reconnecting::current);
        assertTrue(waiting.getMessage().contains("authentication failed"), waiting.getMessage());
    }

    private List<String> awaitLines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return List.copyOf(lines);
    }
}
