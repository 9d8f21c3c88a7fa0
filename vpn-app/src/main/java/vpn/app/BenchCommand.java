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
import vpn.core.Transcript;
import vpn.core.client.ClientSession;
import vpn.core.client.VpnClient;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.KnownHosts;

/**
 * {@code vpn bench}: an end-to-end load generator against any server of the protocol (ours, or the
 * Python classic peer). Each session connects, handshakes, exchanges messages and checks every
 * reply; the numbers come out as a table and as one machine-readable {@code BENCH} line.
 */
@Command(name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Loads a server with sessions and messages, and reports handshakes/s, round trips/s, MB/s, "
                    + "latencies (p50/p99) and errors.",
            "Works against our server (either mode) and the Python classic peer (--mode classic)."
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

    @Option(names = "--mode", defaultValue = "secure", description = "secure or classic (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--kex", defaultValue = "x25519",
            description = "Secure mode's key exchange: x25519 or modp8192 (default: ${DEFAULT-VALUE}).")
    String keyExchange;

    @Option(names = "--idle", defaultValue = "0",
            description = "Extra sessions opened first and held idle during the run, then checked with one "
                    + "message each (a scale test; default: ${DEFAULT-VALUE}).")
    int idle;

    @Option(names = "--interval-ms", defaultValue = "0",
            description = "Start sessions at least this many ms apart, to load a server below its capacity "
                    + "(default: ${DEFAULT-VALUE}: as fast as the concurrency allows).")
    long intervalMillis;

    @Option(names = "--threads", defaultValue = "virtual",
            description = "Run each session on a virtual or a platform thread (default: ${DEFAULT-VALUE}).")
    String threads;

    @Option(names = "--server-pid", description = "A local server's process id: report its CPU time per handshake.")
    Long serverPid;

    @Option(names = "--reuse-client-key",
            description = "Classic mode: reuse one client DH key pair for every session, so that the load tool "
                    + "spends one modPow per handshake instead of two and more of the machine goes to the server. "
                    + "For measuring servers only: it gives up the client's forward secrecy.")
    boolean reuseClientKey;

    @Option(names = "--quiet", description = "No progress line.")
    boolean quiet;

    private final Console console;
    private final SessionFactory factory;
    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong handshakes = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    /** With a single session: when its message phase began, and the server's CPU then. */
    private volatile long messagePhaseStart;
    private volatile Duration cpuAtMessagePhase;

    @Inject
    BenchCommand(Console console, SessionFactory factory) {
        this.console = console;
        this.factory = factory;
    }

    @Override
    public Integer call() throws Exception {
        endpoint.validate();
        if (sessions < 1 || concurrency < 1 || messages < 0 || size < 0 || idle < 0) {
            throw new StartupException("--sessions and --concurrency must be positive; --messages, --size, --idle not negative");
        }
        Path knownHosts = Files.createTempFile("vpn-bench-known-hosts", "");
        try {
            return run(client(new KnownHosts(knownHosts)));
        } finally {
            Files.deleteIfExists(knownHosts);
        }
    }

    private VpnClient client(KnownHosts knownHosts) {
        ClientSecurity security = switch (mode) {
            case "classic" -> ClientSecurity.classicOnly(knownHosts);
            case "secure" -> ClientSecurity.requireSecure(knownHosts).offering(List.of(switch (keyExchange) {
                case "x25519" -> KeyExchange.X25519;
                case "modp8192" -> KeyExchange.MODP_8192;
                default -> throw new StartupException("--kex is x25519 or modp8192, not " + keyExchange);
            }));
            default -> throw new StartupException("--mode is secure or classic, not " + mode);
        };
        return reuseClientKey
                ? factory.clientReusingOneKeyPair(cipherFilter.apply(factory.registry()), security)
                : factory.client(cipherFilter.apply(factory.registry()), security);
    }

    private int run(VpnClient client) throws Exception {
        String message = message(size);
        String expected = "Server says: " + new StringBuilder(message).reverse();
        Latencies handshakeLatency = new Latencies(sessions + idle);
        Latencies roundTripLatency = new Latencies(Math.max(1, sessions * messages));
        Duration cpuBefore = serverCpu();
        Thread progress = quiet ? null : Thread.ofPlatform().daemon().start(this::reportProgress);
        long start = System.nanoTime();
        List<ClientSession> held = openIdleSessions(client, handshakeLatency);
        try (ExecutorService pool = threads.equals("platform")
                ? Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())
                : Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(concurrency);
            for (int i = 0; i < sessions; i++) {
                slots.acquire();
                if (intervalMillis > 0 && i > 0) {
                    Thread.sleep(intervalMillis);
                }
                pool.execute(() -> {
                    try {
                        runSession(client, message, expected, handshakeLatency, roundTripLatency);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        long end = System.nanoTime();
        double activeSeconds = (end - start) / 1e9;
        Duration cpuAtEnd = serverCpu();
        MessagePhase phase = sessions == 1 && messagePhaseStart != 0 && roundTrips.get() > 0
                ? new MessagePhase(roundTrips.get() / ((end - messagePhaseStart) / 1e9),
                        cpuAtMessagePhase == null || cpuAtEnd == null ? Double.NaN
                                : cpuAtEnd.minus(cpuAtMessagePhase).toNanos() / 1e3 / roundTrips.get())
                : new MessagePhase(Double.NaN, Double.NaN);
        checkIdleSessions(held, message, expected);
        Duration cpuAfter = serverCpu();
        if (progress != null) {
            progress.interrupt();
            console.error("");
        }
        report(activeSeconds, handshakeLatency, roundTripLatency, cpuBefore, cpuAfter, phase);
        return errors.get() == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private void runSession(VpnClient client, String message, String expected, Latencies handshakeLatency,
            Latencies roundTripLatency) {
        long t0 = System.nanoTime();
        try (ClientSession session = client.connect(endpoint.host, endpoint.port, Transcript.SILENT)) {
            handshakeLatency.record(System.nanoTime() - t0);
            handshakes.incrementAndGet();
            if (sessions == 1) {
                cpuAtMessagePhase = serverCpu();
                messagePhaseStart = System.nanoTime();
            }
            for (int m = 0; m < messages; m++) {
                long t1 = System.nanoTime();
                String reply = session.exchange(message);
                roundTripLatency.record(System.nanoTime() - t1);
                if (!reply.equals(expected)) {
                    fail("wrong reply: " + abbreviate(reply));
                    return;
                }
                roundTrips.incrementAndGet();
                bytes.addAndGet(2L * size);
            }
        } catch (Exception e) {
            fail(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private List<ClientSession> openIdleSessions(VpnClient client, Latencies handshakeLatency) throws InterruptedException {
        List<ClientSession> held = java.util.Collections.synchronizedList(new ArrayList<>());
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
                        held.add(client.connect(endpoint.host, endpoint.port, Transcript.SILENT));
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
    private void checkIdleSessions(List<ClientSession> held, String message, String expected) {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(Math.max(concurrency, 64));
            for (ClientSession session : held) {
                slots.acquireUninterruptibly();
                pool.execute(() -> {
                    try (session) {
                        if (!session.exchange(message).equals(expected)) {
                            fail("idle session: wrong reply");
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
            {"mode", mode + (mode.equals("secure") ? " (" + keyExchange + ")" : "")},
            {"sessions x messages x bytes", sessions + " x " + messages + " x " + size
                    + ", concurrency " + concurrency + (idle > 0 ? ", " + idle + " idle" : "")},
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
            {"errors", String.valueOf(errors.get())},
        };
        for (String[] row : rows) {
            console.line(String.format(Locale.ROOT, "%-30s %s", row[0], row[1]));
        }
        errorSamples.forEach(e -> console.line("  error: " + e));
        console.line(String.format(Locale.ROOT,
                "BENCH {\"mode\":\"%s\",\"kex\":\"%s\",\"sessions\":%d,\"idle\":%d,\"concurrency\":%d,\"messages\":%d,"
                        + "\"size\":%d,\"seconds\":%.3f,\"handshakes_per_s\":%.2f,\"handshake_p50_ms\":%.3f,"
                        + "\"handshake_p99_ms\":%.3f,\"round_trips_per_s\":%.2f,\"rtt_p50_ms\":%.3f,\"rtt_p99_ms\":%.3f,"
                        + "\"mb_per_s\":%.3f,\"server_cpu_ms_per_handshake\":%s,\"message_phase_round_trips_per_s\":%.2f,"
                        + "\"server_cpu_us_per_round_trip\":%.2f,\"errors\":%d}",
                mode, mode.equals("secure") ? keyExchange : "modp8192", sessions, idle, concurrency, messages, size,
                seconds, handshakeRate, handshakeLatency.percentileMillis(50), handshakeLatency.percentileMillis(99),
                roundTripRate, roundTripLatency.percentileMillis(50), roundTripLatency.percentileMillis(99), megabytes,
                cpuPerHandshake.equals("n/a") ? "null" : cpuPerHandshake, phase.roundTripsPerSecond(),
                phase.serverCpuMicrosPerRoundTrip(), errors.get()).replace("NaN", "null"));
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

    /** ASCII text of {@code size} bytes, different at each position so the reversal is checked. */
    private static String message(int size) {
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.append((char) ('a' + i % 26));
        }
        return new String(text.toString().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
