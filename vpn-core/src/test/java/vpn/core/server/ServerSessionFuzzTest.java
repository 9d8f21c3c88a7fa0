package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.classic.ClassicServerHandshake;
import vpn.core.client.VpnClient;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.KnownHosts;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.service.ServiceRegistry;
import vpn.core.testing.EchoClient;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Recorder;
import vpn.core.testing.ScriptedTransport;
import vpn.core.testing.Vectors;
import vpn.service.echo.EchoService;

/**
 * Fuzzes everything a server reads from a client, through the whole session: {@code MessageReader}
 * with the proposal, the classic and the secure handshakes, records and the echo service, the bytes
 * cut into segments of any size (see {@link ScriptedTransport} for the input's layout).
 *
 * <p>The property: the session ends normally or with a {@link ProtocolException}, never with another
 * exception, at once (the transport never waits, and the {@code @Timeout} catches a loop), within a
 * budget of allocation proportional to the input, and every line it prints and every reason it
 * gives is printable (peer text is escaped).
 *
 * <p>The server is deterministic, its randomness from a fixed seed, so a recorded good session
 * replays whole: the seeds in {@code ServerSessionFuzzTestInputs/clientBytes} (written by
 * {@link #writeSeeds}) reach the service in both modes, and the fuzzer starts from there. Classic
 * sessions use {@link Fixtures#SMALL_GROUP}: the same code as the 8192-bit group, a hundred times
 * faster.
 */
class ServerSessionFuzzTest {

    /** Never reached: the transport answers every read at once, and the clock is not the model's. */
    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofHours(1))
            .withIdleTimeout(Duration.ofHours(1));
    private static final CipherRegistry REGISTRY = registry();
    private static final ServerIdentity IDENTITY = ServerIdentity.generate(seeded(1));
    /**
     * What one session may allocate: its handshake (keys, ciphers: some 300 KB), then a constant per
     * byte it reads (each message is copied a few times, and a classic record is checked at each
     * block boundary, with a copy of the running MAC). Generous: what it catches is an allocation
     * driven by a length field, or work that grows with the square of the input.
     */
    private static final long FIXED_BUDGET = 2L << 20;
    private static final long BUDGET_PER_INPUT_BYTE = 2048;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @FuzzTest
    @Timeout(10)
    void clientBytes(byte[] input) throws Exception {
        serve(input);
        // Again, the same way (the server is deterministic), now that the classes it needed are
        // loaded: what the second session allocates is the session's own.
        long before = THREADS.getCurrentThreadAllocatedBytes();
        serve(input);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        long budget = FIXED_BUDGET + BUDGET_PER_INPUT_BYTE * input.length;
        assertTrue(allocated <= budget, "allocated " + allocated + " bytes for an input of " + input.length);
    }

    private static void serve(byte[] input) {
        Recorder lines = new Recorder();
        try {
            deterministicServer().run(ScriptedTransport.parse(input), lines);
        } catch (ProtocolException refused) {
            assertPrintable(refused.getMessage());
        } catch (IOException e) {
            throw new AssertionError("the transport fails only when used after close: " + e, e);
        }
        lines.lines().forEach(ServerSessionFuzzTest::assertPrintable);
    }

    /**
     * The seeds are good sessions recorded against {@link #deterministicServer()}: they reach the
     * service, or the fuzzer starts from nothing. A change to what the server draws from its random
     * makes them stale: {@link #writeSeeds} records them again.
     */
    @Test
    void theSeedsReachTheService() throws Exception {
        Path folder = Path.of("src/test/resources/vpn/core/server/ServerSessionFuzzTestInputs/clientBytes");
        for (String seed : List.of("secure-aes-gcm", "secure-aes-cbc", "secure-aes-cbc-in-bytes",
                "secure-blowfish-timeout", "secure-xor", "classic-aes", "classic-des-in-segments", "classic-blowfish")) {
            Recorder lines = new Recorder();
            try {
                deterministicServer().run(ScriptedTransport.parse(Files.readAllBytes(folder.resolve(seed))), lines);
            } catch (ProtocolException e) {
                lines.line(e.getMessage());
            }
            assertTrue(lines.lines().contains("Received: \u00e9t\u00e9 \u2713"), () -> seed + " no longer reaches "
                    + "the service (record the seeds again: see writeSeeds): " + lines.lines());
        }
    }

    /** A server whose every choice (keys, random blocks) is the same for the same input. */
    static ServerSession deterministicServer() {
        SecureRandom random = seeded(0);
        DiffieHellman dh = new DiffieHellman(Fixtures.SMALL_GROUP, random);
        KeyPairSource pairs = KeyPairSource.direct(dh);
        return new ServerSession(REGISTRY, ServiceRegistry.of(new EchoService()),
                new ClassicServerHandshake(dh, pairs, LIMITS),
                new SecureServerHandshake(IDENTITY, random, LIMITS, SecureServerHandshake.DEFAULT_PREFERENCE, dh, null),
                LIMITS);
    }

    private static CipherRegistry registry() {
        try {
            return CipherRegistry.ofProviders(Vectors.secureProviders().toArray(CipherProvider[]::new));
        } catch (vpn.core.registry.RegistryException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SecureRandom seeded(int seed) {
        try {
            // SHA1PRNG seeded before its first use produces only what the seed determines.
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(new byte[] {(byte) seed});
            return random;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA1PRNG", e);
        }
    }

    private static void assertPrintable(String line) {
        assertTrue(line.codePoints().noneMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029),
                () -> "a control character in: " + line.replaceAll("\\p{Cntrl}", "?"));
    }

    /**
     * Records good sessions against {@link #deterministicServer()} and saves them as the seeds:
     * {@code mvn test -pl vpn-core -am -Dvpn.excludedGroups=jazzer -Dtest=ServerSessionFuzzTest#writeSeeds
     * -Dsurefire.failIfNoSpecifiedTests=false}. Tagged "seeds", which the build leaves out otherwise.
     */
    @Test
    @Tag("seeds")
    void writeSeeds() throws Exception {
        Path folder = Files.createDirectories(
                Path.of("src/test/resources/vpn/core/server/ServerSessionFuzzTestInputs/clientBytes"));
        Path scratch = Files.createDirectories(Path.of("target", "test-tmp"));
        Path knownHostsFolder = Files.createTempDirectory(scratch, "seeds");
        try {
            KnownHosts knownHosts = new KnownHosts(knownHostsFolder.resolve("known_hosts"));
            ClientSecurity secure = ClientSecurity.secure(knownHosts).offering(List.of(KeyExchange.X25519));
            ClientSecurity classic = ClientSecurity.classic(knownHosts);
            write(folder, "secure-aes-gcm", 0, false, record(REGISTRY, secure));
            write(folder, "secure-aes-cbc", 0, false, record(named("AES"), secure));
            write(folder, "secure-aes-cbc-in-bytes", 1, false, record(named("AES"), secure));
            write(folder, "secure-blowfish-timeout", 7, true, record(named("Blowfish"), secure));
            write(folder, "secure-xor", 0, false, record(named("XOR"), secure));
            write(folder, "secure-modp", 0, false, record(named("AES"), secure.offering(List.of(KeyExchange.MODP_8192))));
            write(folder, "classic-aes", 0, false, record(named("AES"), classic));
            // Not in smaller segments: the server takes a DH value whose first segment already has
            // all but 16 of p's digits as complete (ClassicProtocol.KEY_SHARE_DIGIT_SLACK), so a
            // value cut there is cut short, and the session fails; a good seed must not be.
            write(folder, "classic-des-in-segments", 100, false, record(named("DES"), classic));
            write(folder, "classic-blowfish", 0, true, record(named("Blowfish"), classic));
        } finally {
            try (var files = Files.walk(knownHostsFolder)) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void write(Path folder, String name, int segment, boolean timeoutAtEnd, List<byte[]> writes)
            throws IOException {
        Files.write(folder.resolve(name), ScriptedTransport.encode(segment, timeoutAtEnd, writes));
    }

    /** A client's ciphers as {@code --ciphers NAME} gives them: weak ones too. */
    private static CipherRegistry named(String name) throws Exception {
        return REGISTRY.restrict(java.util.Map.of(name, List.of()));
    }

    /** What a client offering {@code ciphers} writes in a session that sends two messages. */
    private static List<byte[]> record(CipherRegistry ciphers, ClientSecurity security) throws Exception {
        PipeTransport[] pipe = PipeTransport.pair();
        Future<?> server;
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            server = threads.submit(() -> {
                deterministicServer().run(pipe[1], new Recorder());
                return null;
            });
            SecureRandom random = new SecureRandom();
            EchoClient client = new EchoClient(new VpnClient(ciphers, new DiffieHellman(Fixtures.SMALL_GROUP, random),
                    LIMITS, random, security));
            try (EchoSession session = client.handshake(pipe[0], "127.0.0.1:4600", new Recorder())) {
                session.exchange("hello");
                session.exchange("\u00e9t\u00e9 \u2713");
            } catch (ProtocolException refused) {
                // A refusal is a seed too (MODP-8192 against the small group)
            }
            pipe[0].close();
        }
        try {
            server.get();
        } catch (java.util.concurrent.ExecutionException e) {
            if (!(e.getCause() instanceof ProtocolException)) {
                throw e;
            }
        }
        return new ArrayList<>(pipe[0].written());
    }
}
