package vpn.app;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import jakarta.inject.Provider;
import java.util.Arrays;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.User;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.channel.ServiceChannel;
import vpn.core.client.VpnClient;
import vpn.core.keys.IdentityFile;
import vpn.core.keys.Passphrases;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KnownHosts;
import vpn.core.server.SessionThreads;
import vpn.core.server.VpnServer;
import vpn.core.service.ServiceRegistry;

/**
 * {@code vpn bench}: an end-to-end load generator against any server of the protocol (ours, or the
 * Python classic peer). Each session connects, handshakes, exchanges messages and checks every
 * reply byte for byte; the numbers come out as a table and as one machine-readable {@code BENCH}
 * line. Every message is different (it begins with its session's and its own number), so that a
 * reply lost, repeated, swapped with another or garbled is a mismatch, counted as an error: any
 * error makes the run exit 1.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Loads a server with sessions and messages, and reports handshakes/s, round trips/s, MB/s, "
                    + "latencies (p50/p99) and errors.",
            "Works against our server (either mode) and the Python classic peer (--mode classic).",
            "Every message differs and every reply is checked byte for byte: a reply lost, repeated or garbled "
                    + "is an error, and any error makes the exit code 1."
        })
final class BenchCommand implements java.util.concurrent.Callable<Integer> {

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    CipherFilterOption cipherFilter;

    @Option(names = "--sessions", defaultValue = "20", description = "Sessions to run (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--concurrency", defaultValue = "2", description = "Sessions at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--messages", defaultValue = "10", description = "Messages per session (default: ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--size", defaultValue = "64", description = "Bytes per message (default: ${DEFAULT-VALUE}).")
    int size;

    /** The protocol the load tool speaks. */
    enum Mode { SECURE, CLASSIC }

    @Option(names = "--mode", defaultValue = "SECURE",
            description = "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Mode mode;

    @Option(names = "--kex", defaultValue = "X25519",
            description = "Secure mode's key exchange: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ServerCommand.KeyExchangeOption keyExchange;

    @Option(names = "--warmup", defaultValue = "0", paramLabel = "SESSIONS",
            description = "Run this many sessions first, as the measured ones, and leave them out of every figure: "
                    + "the load tool's own JIT compiles meanwhile, and the server's (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--idle", defaultValue = "0",
            description = "Extra sessions opened first and held idle during the run, then checked with one "
                    + "message each (a scale test; default: ${DEFAULT-VALUE}).")
    int idle;

    @Option(names = "--interval-ms", defaultValue = "0",
            description = "Start sessions at least this many ms apart, to load a server below its capacity "
                    + "(default: ${DEFAULT-VALUE}: as fast as the concurrency allows).")
    long intervalMillis;

    @Option(names = "--threads", defaultValue = "VIRTUAL",
            description = "Run each session on a thread of this kind: ${COMPLETION-CANDIDATES}, as the server's "
                    + "--threads (default: ${DEFAULT-VALUE}).")
    VpnServer.Threads threads;

    @Option(names = "--server-pid", description = "A local server's process id: report its CPU time per handshake.")
    Long serverPid;

    @Option(names = "--reuse-client-key",
            description = "Classic mode: reuse one client DH key pair for every session, so that the load tool "
                    + "spends one modPow per handshake instead of two and more of the machine goes to the server. "
                    + "For measuring servers only: it gives up the client's forward secrecy.")
    boolean reuseClientKey;

    @Option(names = "--identity", paramLabel = "FILE",
            description = "Secure mode: authenticate as this user when the server asks (a server with "
                    + "--authorized-keys), to measure handshakes with client authentication. Read once.")
    Path identity;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private final Console console;
    private final Provider<CipherRegistry> registry;
    private final Provider<ServiceRegistry> services;
    private final Clients clients;
    private final Passphrases passphrases;
    private static final String ECHO = "echo";

    private Service echo;
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    /** Replies that arrived but were not the expected ones; each is also an error. */
    private final AtomicLong mismatches = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    /** With a single session: when its message phase began, and the server's CPU then. */
    private volatile long messagePhaseStart;
    private volatile Duration cpuAtMessagePhase;

    @Inject
    BenchCommand(Console console, Provider<CipherRegistry> registry, Provider<ServiceRegistry> services,
            Clients clients, Passphrases passphrases) {
        this.console = console;
        this.registry = registry;
        this.services = services;
        this.clients = clients;
        this.passphrases = passphrases;
    }

    @Override
    public Integer call() throws Exception {
        endpoint.validate();
        if (sessions < 1 || concurrency < 1 || messages < 0 || size < 0 || idle < 0 || intervalMillis < 0 || warmup < 0) {
            throw new ParameterException(spec.commandLine(), "--sessions and --concurrency must be positive; "
                    + "--messages, --size, --idle, --interval-ms and --warmup not negative");
        }
        echo = services.get().find(ECHO).orElseThrow(() -> new NotInstalledException("bench", ECHO));
        Path folder = Files.createTempDirectory("vpn-bench");
        try {
            return run(client(new KnownHosts(folder.resolve("known_hosts"), console::error)));
        } finally {
            Files.deleteIfExists(folder.resolve("known_hosts"));
            Files.deleteIfExists(folder);
        }
    }

    private VpnClient client(KnownHosts knownHosts) throws ProtocolException {
        ClientSecurity security = switch (mode) {
            case CLASSIC -> ClientSecurity.classic(knownHosts);
            case SECURE -> ClientSecurity.secure(knownHosts).offering(List.of(keyExchange.kex()));
        };
        if (identity != null) {
            if (mode == Mode.CLASSIC) {
                throw new ParameterException(spec.commandLine(), "--identity needs secure mode: classic has no users");
            }
            security = security.withIdentity(new IdentityFile(identity, true, passphrases));
        }
        CipherRegistry offered = cipherFilter.applyForClient(registry.get(), mode == Mode.CLASSIC);
        return reuseClientKey ? clients.clientReusingOneKeyPair(offered, security) : clients.client(offered, security);
    }

    private int run(VpnClient client) throws Exception {
        new LocalEcho().replyTo(message(size, 0, 0)); // the installed echo answers, before any session starts
        if (warmup > 0) {
            // Counted apart: an error is still an error, but no rate, latency or CPU figure sees them.
            runSessions(client, warmup, new Latencies(warmup), new Latencies(Math.max(1, warmup * messages)));
            handshakes.set(0);
            roundTrips.set(0);
            bytes.set(0);
        }
        Latencies handshakeLatency = new Latencies(sessions + idle);
        Latencies roundTripLatency = new Latencies(Math.max(1, sessions * messages));
        Duration cpuBefore = serverCpu();
        Thread progress = quiet ? null : Thread.ofPlatform().daemon().start(this::reportProgress);
        long start = System.nanoTime();
        List<ServiceChannel> held = openIdleSessions(client, handshakeLatency);
        runSessions(client, sessions, handshakeLatency, roundTripLatency);
        long end = System.nanoTime();
        double activeSeconds = (end - start) / 1e9;
        Duration cpuAtEnd = serverCpu();
        MessagePhase phase = sessions == 1 && messagePhaseStart != 0 && roundTrips.get() > 0
                ? new MessagePhase(roundTrips.get() / ((end - messagePhaseStart) / 1e9),
                        cpuAtMessagePhase == null || cpuAtEnd == null ? Double.NaN
                                : cpuAtEnd.minus(cpuAtMessagePhase).toNanos() / 1e3 / roundTrips.get())
                : new MessagePhase(Double.NaN, Double.NaN);
        checkIdleSessions(held);
        Duration cpuAfter = serverCpu();
        if (progress != null) {
            progress.interrupt();
            console.error("");
        }
        report(activeSeconds, handshakeLatency, roundTripLatency, cpuBefore, cpuAfter, phase);
        return errors.get() == 0 ? 0 : 1;
    }

    /** Runs {@code count} sessions, {@code --concurrency} at once, on threads of the {@code --threads} kind. */
    private void runSessions(VpnClient client, int count, Latencies handshakeLatency, Latencies roundTripLatency)
            throws InterruptedException {
        try (SessionThreads pool = new SessionThreads(threads, "vpn-bench-")) {
            Semaphore slots = new Semaphore(concurrency);
            for (int i = 0; i < count; i++) {
                slots.acquire();
                if (intervalMillis > 0 && i > 0) {
                    Thread.sleep(intervalMillis);
                }
                int session = i;
                pool.execute(() -> {
                    try {
                        runSession(client, session, handshakeLatency, roundTripLatency);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private void runSession(VpnClient client, int number, Latencies handshakeLatency, Latencies roundTripLatency) {
        long t0 = System.nanoTime();
        try (ServiceChannel session = connect(client)) {
            handshakeLatency.record(System.nanoTime() - t0);
            handshakes.incrementAndGet();
            if (sessions == 1) {
                cpuAtMessagePhase = serverCpu();
                messagePhaseStart = System.nanoTime();
            }
            LocalEcho echo = new LocalEcho();
            for (int m = 0; m < messages; m++) {
                byte[] message = message(size, number, m);
                byte[] expected = echo.replyTo(message);
                long t1 = System.nanoTime();
                byte[] reply = exchange(session, message, expected);
                roundTripLatency.record(System.nanoTime() - t1);
                if (!Arrays.equals(reply, expected)) {
                    mismatch("session " + number + ", message " + m, reply, expected);
                    return;
                }
                roundTrips.incrementAndGet();
                bytes.addAndGet(2L * size);
            }
        } catch (Exception e) {
            fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private List<ServiceChannel> openIdleSessions(VpnClient client, Latencies handshakeLatency) throws InterruptedException {
        List<ServiceChannel> held = java.util.Collections.synchronizedList(new ArrayList<>());
        if (idle == 0) {
            return held;
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(concurrency);
            for (int i = 0; i < idle; i++) {
                slots.acquire();
                pool.execute(() -> {
                    long t0 = System.nanoTime();
                    try {
                        held.add(connect(client));
                        handshakeLatency.record(System.nanoTime() - t0);
                        handshakes.incrementAndGet();
                    } catch (Exception e) {
                        fail("idle session: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        return held;
    }

    /** Every held session must still answer after sitting idle through the run. */
    private void checkIdleSessions(List<ServiceChannel> held) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(Math.max(concurrency, 64));
            for (int i = 0; i < held.size(); i++) {
                ServiceChannel session = held.get(i);
                int number = sessions + i; // numbered after the active sessions
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try (session) {
                        byte[] message = message(size, number, 0);
                        byte[] expected = new LocalEcho().replyTo(message);
                        byte[] reply = exchange(session, message, expected);
                        if (!Arrays.equals(reply, expected)) {
                            mismatch("idle session " + number, reply, expected);
                        }
                    } catch (Exception e) {
                        fail("idle session: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private void mismatch(String where, byte[] reply, byte[] expected) {
        mismatches.incrementAndGet();
        fail("wrong reply in " + where + ": " + abbreviate(new String(reply, StandardCharsets.UTF_8))
                + " instead of " + abbreviate(new String(expected, StandardCharsets.UTF_8)));
    }

    private void fail(String why) {
        errors.incrementAndGet();
        if (errorSamples.size() < 5) {
            errorSamples.add(why);
        }
    }

    private void reportProgress() {
        long start = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(1000);
                console.prompt(String.format(Locale.ROOT, "\r[bench] %.0f s: %d handshakes, %d round trips, %d errors   ",
                        (System.nanoTime() - start) / 1e9, handshakes.get(), roundTrips.get(), errors.get()));
            }
        } catch (InterruptedException done) {
            // the run is over
        }
    }

    /** A single session's message phase alone: round trips/s, and server CPU per round trip (µs). */
    private record MessagePhase(double roundTripsPerSecond, double serverCpuMicrosPerRoundTrip) {
    }

    private void report(double seconds, Latencies handshakeLatency, Latencies roundTripLatency,
            Duration cpuBefore, Duration cpuAfter, MessagePhase phase) {
        double handshakeRate = handshakes.get() / seconds;
        double roundTripRate = roundTrips.get() / seconds;
        double megabytes = bytes.get() / 1e6 / seconds;
        String cpuPerHandshake = cpuBefore == null || cpuAfter == null || handshakes.get() == 0 ? "n/a"
                : String.format(Locale.ROOT, "%.2f", cpuAfter.minus(cpuBefore).toNanos() / 1e6 / handshakes.get());
        String[][] rows = {
            {"target", endpoint.host + ":" + endpoint.port},
            {"mode", mode() + (mode == Mode.SECURE ? " (" + kex() + ")" : "")},
            {"sessions x messages x bytes", sessions + " x " + messages + " x " + size
                    + ", concurrency " + concurrency + (idle > 0 ? ", " + idle + " idle" : "")
                    + (warmup > 0 ? ", after " + warmup + " warm-up sessions" : "")},
            {"elapsed", String.format(Locale.ROOT, "%.2f s", seconds)},
            {"handshakes/s", String.format(Locale.ROOT, "%.1f", handshakeRate)},
            {"handshake latency p50 / p99", ms(handshakeLatency.percentileMillis(50)) + " / "
                    + ms(handshakeLatency.percentileMillis(99))},
            {"round trips/s", String.format(Locale.ROOT, "%.1f", roundTripRate)},
            {"round-trip latency p50 / p99", ms(roundTripLatency.percentileMillis(50)) + " / "
                    + ms(roundTripLatency.percentileMillis(99))},
            {"payload MB/s (both ways)", String.format(Locale.ROOT, "%.2f", megabytes)},
            {"server CPU ms / handshake", cpuPerHandshake},
            {"one session, messages only", Double.isNaN(phase.roundTripsPerSecond()) ? "n/a"
                    : String.format(Locale.ROOT, "%.1f round trips/s, server CPU %.1f us per round trip",
                            phase.roundTripsPerSecond(), phase.serverCpuMicrosPerRoundTrip())},
            {"replies checked / wrong", roundTrips.get() + mismatches.get() + " / " + mismatches.get()},
            {"errors", String.valueOf(errors.get())},
        };
        for (String[] row : rows) {
            console.line(String.format(Locale.ROOT, "%-30s %s", row[0], row[1]));
        }
        errorSamples.forEach(e -> console.line("  error: " + e));
        console.line(String.format(Locale.ROOT,
                "BENCH {\"mode\":\"%s\",\"kex\":\"%s\",\"sessions\":%d,\"warmup\":%d,\"idle\":%d,\"concurrency\":%d,\"messages\":%d,"
                        + "\"size\":%d,\"seconds\":%.3f,\"handshakes_per_s\":%.2f,\"handshake_p50_ms\":%.3f,"
                        + "\"handshake_p99_ms\":%.3f,\"round_trips_per_s\":%.2f,\"rtt_p50_ms\":%.3f,\"rtt_p99_ms\":%.3f,"
                        + "\"mb_per_s\":%.3f,\"server_cpu_ms_per_handshake\":%s,\"message_phase_round_trips_per_s\":%.2f,"
                        + "\"server_cpu_us_per_round_trip\":%.2f,\"round_trips\":%d,\"mismatches\":%d,\"errors\":%d}",
                mode(), mode == Mode.SECURE ? kex() : "modp8192", sessions, warmup, idle, concurrency, messages, size,
                seconds, handshakeRate, handshakeLatency.percentileMillis(50), handshakeLatency.percentileMillis(99),
                roundTripRate, roundTripLatency.percentileMillis(50), roundTripLatency.percentileMillis(99), megabytes,
                cpuPerHandshake.equals("n/a") ? "null" : cpuPerHandshake, phase.roundTripsPerSecond(),
                phase.serverCpuMicrosPerRoundTrip(), roundTrips.get(), mismatches.get(), errors.get())
                .replace("NaN", "null"));
    }

    private String mode() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    private String kex() {
        return keyExchange.name().toLowerCase(Locale.ROOT);
    }

    private Duration serverCpu() {
        if (serverPid == null) {
            return null;
        }
        Optional<ProcessHandle> server = ProcessHandle.of(serverPid);
        return server.flatMap(p -> p.info().totalCpuDuration()).orElse(null);
    }

    private static String ms(double millis) {
        return Double.isNaN(millis) ? "n/a" : String.format(Locale.ROOT, "%.2f ms", millis);
    }

    /**
     * Message {@code index} of session {@code session}: ASCII text of {@code size} bytes that begins
     * with {@code s<session>m<index>:} (as much of it as fits) and goes on with letters that differ
     * at each position, so that the reversal is checked and no two messages of a run are alike
     * whenever the tag fits (12 bytes cover 1,000 sessions of a million messages).
     */
    static byte[] message(int size, int session, int index) {
        byte[] text = new byte[size];
        for (int i = 0; i < size; i++) {
            text[i] = (byte) ('a' + i % 26);
        }
        byte[] tag = ("s" + session + "m" + index + ":").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, text, 0, Math.min(tag.length, size));
        return text;
    }

    private ServiceChannel connect(VpnClient client) throws Exception {
        return client.connect(endpoint.host, endpoint.port, ECHO, echo.version(), Transcript.SILENT);
    }

    private static byte[] exchange(ServiceChannel session, byte[] message, byte[] expected) throws Exception {
        session.send(message);
        return session.awaitReply(expected)
                .orElseThrow(() -> new java.io.IOException("the server closed the session"));
    }

    /**
     * The replies messages must get: the installed echo service's own answers, computed by its
     * server half here, so that the load tool does not keep a second copy of the echo's rule. One
     * per session (a handler is one session's).
     */
    private final class LocalEcho implements ServiceSession {

        private vpn.api.service.SessionHandler handler;
        private byte[] reply;

        byte[] replyTo(byte[] message) throws Exception {
            if (handler == null) {
                handler = echo.open(this);
            }
            reply = null;
            handler.onMessage(message);
            if (reply == null) {
                throw new StartupException("the echo service did not answer a message");
            }
            return reply;
        }

        @Override
        public void send(byte[] bytes) {
            reply = bytes;
        }

        @Override
        public int maxMessageBytes() {
            return Integer.MAX_VALUE / 2;
        }

        @Override
        public Optional<User> user() {
            return Optional.empty();
        }

        @Override
        public String peer() {
            return "(bench)";
        }

        @Override
        public void log(String line) {
        }

        @Override
        public void close() {
        }

        @Override
        public void disconnect(String reason) {
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
