package vpn.service.chat.nats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vpn.service.chat.cluster.BusListener;
import vpn.service.chat.cluster.ClusterBus;
import vpn.testing.NatsServer;

/**
 * The NATS bus against a real nats-server: what one member publishes reaches the others and not
 * itself, an ask reaches one member and brings its answer, an ask of no one fails at once, an
 * outage of the server is told and survived, and URIs are checked before anything connects.
 */
class NatsBusTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What a member heard, in order. */
    private static final class Recorder implements BusListener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();

        @Override
        public void onMessage(byte[] message) {
            events.add("message " + new String(message));
        }

        @Override
        public CompletableFuture<byte[]> onAsk(byte[] request) {
            return CompletableFuture.completedFuture(("answer to " + new String(request)).getBytes());
        }

        @Override
        public void onDisconnected(String reason) {
            events.add("disconnected");
        }

        @Override
        public void onReconnected() {
            events.add("reconnected");
        }

        String next() throws InterruptedException {
            return events.poll(10, TimeUnit.SECONDS);
        }
    }

    private final NatsBusProvider provider = new NatsBusProvider();
    private NatsServer nats;

    @BeforeEach
    void startNats() throws IOException {
        assumeTrue(NatsServer.binary().isPresent(), "nats-server is not installed (apt-get install nats-server; .ci/run does)");
        nats = NatsServer.start();
    }

    @AfterEach
    void stopNats() throws InterruptedException {
        if (nats != null) {
            nats.close();
        }
    }

    @Test
    void aMessageReachesEveryOtherMemberInOrderAndNotItsSender() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        Recorder c = new Recorder();
        try (ClusterBus busA = provider.connect(URI.create(nats.uri()), "a", a, TIMEOUT);
                ClusterBus busB = provider.connect(URI.create(nats.uri()), "b", b, TIMEOUT);
                ClusterBus busC = provider.connect(URI.create(nats.uri()), "c", c, TIMEOUT)) {
            for (int i = 0; i < 100; i++) {
                assertTrue(busA.publish(("m" + i).getBytes()));
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("message m" + i, b.next());
                assertEquals("message m" + i, c.next());
            }
            assertTrue(busB.publish("from b".getBytes()));
            assertEquals("message from b", a.next(), "a's first message is b's: it never heard its own");
        }
    }

    @Test
    void anAskReachesItsMemberAndBringsTheAnswer() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        try (ClusterBus busA = provider.connect(URI.create(nats.uri()), "a", a, TIMEOUT);
                ClusterBus busB = provider.connect(URI.create(nats.uri()), "b", b, TIMEOUT)) {
            byte[] answer = busA.ask("b", "snapshot please".getBytes(), TIMEOUT).get(10, TimeUnit.SECONDS);
            assertArrayEquals("answer to snapshot please".getBytes(), answer);
            assertNull(b.events.poll(), "an ask is not a message");
        }
    }

    @Test
    void anAskOfNoOneFailsAtOnce() throws Exception {
        try (ClusterBus bus = provider.connect(URI.create(nats.uri()), "a", new Recorder(), TIMEOUT)) {
            long start = System.nanoTime();
            CompletableFuture<byte[]> answer = bus.ask("nobody", "hello".getBytes(), Duration.ofSeconds(30));
            assertThrows(ExecutionException.class, () -> answer.get(10, TimeUnit.SECONDS));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "no responders, not the 30 s timeout");
        }
    }

    @Test
    void anOutageIsToldAndTheBusComesBackOnItsOwn() throws Exception {
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        try (ClusterBus busA = provider.connect(URI.create(nats.uri()), "a", a, TIMEOUT);
                ClusterBus busB = provider.connect(URI.create(nats.uri()), "b", b, TIMEOUT)) {
            nats.stop();
            assertEquals("disconnected", a.next());
            assertFalse(busA.publish("lost".getBytes()), "nothing is queued for later while the bus is away");
            assertTrue(busA.ask("b", "x".getBytes(), TIMEOUT).isCompletedExceptionally());
            nats.startAgain();
            assertEquals("reconnected", a.next(), "one line per outage, however many attempts it took");
            assertEquals("disconnected", b.next());
            assertEquals("reconnected", b.next());
            assertTrue(busA.publish("back".getBytes()));
            assertEquals("message back", b.next());
        }
    }

    @Test
    void aBusThatCannotBeReachedIsAnErrorNamingIt() {
        IOException e = assertThrows(IOException.class, () -> provider.connect(
                URI.create("nats://user:secret@127.0.0.1:1"), "a", new Recorder(), Duration.ofSeconds(2)));
        assertTrue(e.getMessage().startsWith("cannot reach the bus nats://127.0.0.1:1"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"), "no password in the message");
    }

    @Test
    void aUriIsAHostAndAPortAndNothingMore() {
        provider.validate(URI.create("nats://bus.example:4222"));
        provider.validate(URI.create("nats://bus.example"));
        assertEquals("a NATS URI names a host: nats://HOST:PORT, not nats://:4222",
                assertThrows(IllegalArgumentException.class, () -> provider.validate(URI.create("nats:///x"))).getMessage());
        assertEquals("a NATS URI has a host and a port, and nothing after them: nats://bus:4222 then '/room?x=1'",
                assertThrows(IllegalArgumentException.class,
                        () -> provider.validate(URI.create("nats://u:pw@bus:4222/room?x=1"))).getMessage());
        assertEquals(Duration.ofMillis(100), NatsBus.backoff(1));
        assertEquals(Duration.ofMillis(800), NatsBus.backoff(4));
        assertEquals(Duration.ofSeconds(5), NatsBus.backoff(50));
    }
}
