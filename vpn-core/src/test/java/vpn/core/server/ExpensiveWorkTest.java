package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.Exponentiation;
import vpn.core.kex.ExponentiationGate;
import vpn.core.kex.KeyPairPool;
import vpn.core.kex.KeyPairSource;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.KnownHosts;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.testing.EchoClient;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.TargetTempDir;
import vpn.core.testing.Vectors;

/**
 * The server's 8192-bit work under load, over real sockets on 127.0.0.1: every exponentiation
 * goes through the gate, and what cannot get a turn in time is refused.
 */
@Timeout(120)
class ExpensiveWorkTest {

    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(20))
            .withIdleTimeout(Duration.ofSeconds(20));

    @TempDir(factory = TargetTempDir.class)
    Path scratch;

    private final Recorder serverLines = new Recorder();
    private final List<VpnServer> servers = new ArrayList<>();

    private final java.util.List<ExponentiationGate> gates = new java.util.ArrayList<>();

    /** A gate closed after the test. */
    private ExponentiationGate gate(int permits, Duration maxWait, Exponentiation operation) {
        ExponentiationGate gate = new ExponentiationGate(permits, maxWait, operation);
        gates.add(gate);
        return gate;
    }

    @org.junit.jupiter.api.AfterEach
    void closeGates() {
        gates.forEach(ExponentiationGate::close);
    }

    @AfterEach
    void stop() throws Exception {
        for (VpnServer server : servers) {
            server.close();
        }
    }

    /** The real modPow, slowed down, counting how many run at once. */
    private static final class SlowCounting implements Exponentiation {
        private final long millis;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        SlowCounting(long millis) {
            this.millis = millis;
        }

        @Override
        public BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            calls.incrementAndGet();
            try {
                Thread.sleep(millis);
                return base.modPow(exponent, modulus);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return base.modPow(exponent, modulus);
            } finally {
                running.decrementAndGet();
            }
        }
    }

    /** A server whose 8192-bit group computes through {@code exponentiation}; returns its port. */
    private int startServer(Exponentiation exponentiation) throws Exception {
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, Fixtures.RANDOM, exponentiation);
        return startServer(dh, KeyPairSource.direct(dh), SecureServerHandshake.DEFAULT_PREFERENCE,
                UserPolicy.ANONYMOUS);
    }

    /** A server with this group, these key pairs, key exchanges and users; returns its port. */
    private int startServer(DiffieHellman dh, KeyPairSource pairs, List<KeyExchange> preference, UserPolicy users)
            throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        VpnServer server = new VpnServer(Fixtures.server(registry, LIMITS, ServerIdentity.generate(Fixtures.RANDOM),
                preference, dh, pairs, users), 64, serverLines);
        servers.add(server);
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        return port;
    }

    private static CipherRegistry aes() throws Exception {
        return CipherRegistry.ofProviders(Vectors.provider("AES"));
    }

    private EchoClient classicClient() throws Exception {
        return Fixtures.client(aes(), LIMITS, ClientSecurity.classic(new KnownHosts(scratch.resolve("known_hosts"))));
    }

    private EchoClient modpClient() throws Exception {
        return Fixtures.client(aes(), LIMITS, ClientSecurity.secure(new KnownHosts(scratch.resolve("known_hosts")))
                .offering(List.of(KeyExchange.MODP_8192)));
    }

    @Test
    void concurrentHandshakesNeverRunMoreExponentiationsThanThePermits() throws Exception {
        SlowCounting slow = new SlowCounting(40);
        int port = startServer(gate(1, LIMITS.handshakeTimeout(), slow));
        int clients = 6;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                // Half classic, half secure mode with MODP-8192: both handshakes' exponentiations are gated.
                EchoClient client = i % 2 == 0 ? classicClient() : modpClient();
                String message = "client " + i;
                replies.add(threads.submit(() -> {
                    start.await();
                    try (EchoSession session = client.connect("127.0.0.1", port, new Recorder())) {
                        return session.exchange(message);
                    }
                }));
            }
            start.countDown();
            for (int i = 0; i < clients; i++) {
                assertEquals("Server says: " + new StringBuilder("client " + i).reverse(), replies.get(i).get());
            }
        }
        assertEquals(2 * clients, slow.calls.get(), "each handshake's key pair and secret went through the gate");
        assertEquals(1, slow.maxRunning.get(), "never more than one 8192-bit exponentiation at once");
    }

    @Test
    void aHandshakeThatGetsNoTurnInTimeIsClosedWithALine() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Exponentiation held = (base, exponent, modulus) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return base.modPow(exponent, modulus);
        };
        int port = startServer(gate(1, Duration.ofMillis(300), held));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> first = threads.submit(() -> {
                try (EchoSession session = classicClient().connect("127.0.0.1", port, new Recorder())) {
                    return session.exchange("first");
                }
            });
            inside.await();
            Future<String> second = threads.submit(() -> {
                try (EchoSession session = classicClient().connect("127.0.0.1", port, new Recorder())) {
                    return session.exchange("second");
                }
            });
            assertTrue(serverLines.awaitLineContaining("server busy", 10_000), serverLines.lines().toString());
            assertThrows(ExecutionException.class, second::get, "the second client was closed without a key");
            release.countDown();
            assertEquals("Server says: tsrif", first.get());
        }
    }

    @Test
    void thePoolKeepsRefillingWhileAConnectionHoldsItsHandshakeOpen() throws Exception {
        ExponentiationGate gate = gate(1, LIMITS.handshakeTimeout(), Exponentiation.DIRECT);
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, Fixtures.RANDOM, gate);
        try (KeyPairPool pool = new KeyPairPool(dh, 2, gate::idle)) {
            int port = startServer(dh, pool, SecureServerHandshake.DEFAULT_PREFERENCE, UserPolicy.ANONYMOUS);
            assertTrue(awaitReady(pool, 2), "the pool fills while the server is idle");
            try (Socket idle = new Socket()) {
                // A client that sends its proposal and then nothing: its handshake stays open.
                idle.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                idle.setSoTimeout(5000);
                idle.getOutputStream().write("ProposedCiphers:AES:[256]".getBytes(StandardCharsets.US_ASCII));
                byte[] answer = new byte[64];
                int n = idle.getInputStream().read(answer);
                assertEquals("ChosenCipher:AES,256", new String(answer, 0, n, StandardCharsets.US_ASCII));
                for (int i = 0; i < 3; i++) {
                    try (EchoSession session = classicClient().connect("127.0.0.1", port, new Recorder())) {
                        assertEquals("Server says: ko", session.exchange("ok"));
                    }
                    assertTrue(awaitReady(pool, 2), "after client " + i + " the pool refilled, although a "
                            + "connection holds its handshake open: ready " + pool.ready());
                }
            }
        }
    }

    @Test
    void aServerOfferingOnlyX25519RefusesAModpClientWithoutComputing() throws Exception {
        SlowCounting counting = new SlowCounting(0);
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, Fixtures.RANDOM, counting);
        int port = startServer(dh, KeyPairSource.direct(dh), List.of(KeyExchange.X25519), UserPolicy.ANONYMOUS);
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> modpClient().connect("127.0.0.1", port, new Recorder()));
        assertEquals(ProtocolException.Reason.NO_COMMON_KEY_EXCHANGE, refused.reason());
        assertEquals("Could not agree on a key exchange", refused.getMessage());
        try (EchoSession session = Fixtures.client(aes(), LIMITS, ClientSecurity.secure(
                new KnownHosts(scratch.resolve("known_hosts")))).connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: ko", session.exchange("ok"));
        }
        assertEquals(0, counting.calls.get(), "no 8192-bit exponentiation");
    }

    @Test
    void aServerWithoutClassicRefusesClassicClientsBeforeAnyExponentiation() throws Exception {
        SlowCounting counting = new SlowCounting(0);
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, Fixtures.RANDOM, counting);
        int port = startServer(dh, KeyPairSource.direct(dh), List.of(KeyExchange.X25519),
                UserPolicy.ANONYMOUS.withoutClassic());
        ProtocolException refused = assertThrows(ProtocolException.class,
                () -> classicClient().connect("127.0.0.1", port, new Recorder()).exchange("hi"));
        assertEquals(ProtocolException.Reason.CLOSED, refused.reason(), refused.getMessage());
        assertTrue(serverLines.awaitLineContaining("refused a classic-protocol client: this server runs with "
                + "--no-classic", 5000), serverLines.lines().toString());
        assertEquals(0, counting.calls.get(), "no 8192-bit exponentiation");
    }

    private static boolean awaitReady(KeyPairPool pool, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (pool.ready() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return pool.ready() >= count;
    }
}
