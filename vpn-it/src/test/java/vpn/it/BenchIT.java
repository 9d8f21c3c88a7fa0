package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The load tool against a real server process: it counts what it did and reports errors as errors. */
class BenchIT {

    private static VpnProcess server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        Dist.Server running = Dist.server();
        server = running.process();
        port = running.port();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String benchLine(VpnProcess bench) {
        return bench.stdout().stream().filter(l -> l.startsWith("BENCH {")).findFirst()
                .orElseThrow(() -> new AssertionError("no BENCH line: " + bench.stdout() + bench.stderr()));
    }

    private static String field(String line, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\"?[^,}\"]*\"?)").matcher(line);
        assertTrue(m.find(), name + " in " + line);
        return m.group(1).replace("\"", "");
    }

    @Test
    void bothModesRunEverySessionAndMessageWithoutErrors() throws Exception {
        for (String mode : new String[] {"secure", "classic"}) {
            try (VpnProcess bench = Dist.launch("bench", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--mode", mode, "--sessions", "6", "--concurrency", "3", "--messages", "4", "--size", "100",
                    "--idle", "2", "--quiet", "--server-pid", String.valueOf(server.pid()))) {
                assertEquals(0, bench.waitFor(Duration.ofSeconds(120)), bench.stdout() + " " + bench.stderr());
                String line = benchLine(bench);
                assertEquals(mode, field(line, "mode"));
                assertEquals("0", field(line, "errors"));
                assertEquals("6", field(line, "sessions"));
                assertEquals("24", field(line, "round_trips"), "every reply came and was checked");
                assertEquals("0", field(line, "mismatches"));
                assertTrue(Double.parseDouble(field(line, "handshakes_per_s")) > 0, line);
                assertTrue(Double.parseDouble(field(line, "round_trips_per_s")) > 0, line);
                assertTrue(Double.parseDouble(field(line, "server_cpu_ms_per_handshake")) > 0, line);
                assertTrue(bench.stdoutLineContaining("round-trip latency p50 / p99").isPresent(), bench.stdout().toString());
            }
        }
    }

    /** Warm-up sessions run first, against the server, and no figure counts them. */
    @Test
    void warmUpSessionsRunButAreLeftOutOfTheFigures() throws Exception {
        long sessionsBefore = server.stdout().stream().filter(l -> l.contains("New client: ")).count();
        try (VpnProcess bench = Dist.launch("bench", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--sessions", "3", "--warmup", "4", "--concurrency", "2", "--messages", "2", "--quiet")) {
            assertEquals(0, bench.waitFor(Duration.ofSeconds(120)), bench.stdout() + " " + bench.stderr());
            String line = benchLine(bench);
            assertEquals("3", field(line, "sessions"));
            assertEquals("4", field(line, "warmup"));
            assertEquals("6", field(line, "round_trips"), "only the measured sessions' round trips");
            assertEquals("0", field(line, "errors"));
            assertTrue(bench.stdoutLineContaining("after 4 warm-up sessions").isPresent(), bench.stdout().toString());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.stdout().stream().filter(l -> l.contains("New client: ")).count() < sessionsBefore + 7
                && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(sessionsBefore + 7, server.stdout().stream().filter(l -> l.contains("New client: ")).count(),
                "the server saw the 4 warm-up sessions and the 3 measured ones");
        try (VpnProcess refused = Dist.launch("bench", "--port", String.valueOf(port), "--warmup", "-1")) {
            assertEquals(2, refused.waitFor(Duration.ofSeconds(60)));
        }
    }

    @Test
    void aRunThatCannotConnectCountsItsErrorsAndFails() throws Exception {
        int closed;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closed = probe.getLocalPort();
        }
        try (VpnProcess bench = Dist.launch("bench", "--host", "127.0.0.1", "--port", String.valueOf(closed),
                "--sessions", "3", "--quiet")) {
            assertEquals(1, bench.waitFor(Duration.ofSeconds(60)));
            assertEquals("3", field(benchLine(bench), "errors"));
            assertTrue(bench.stdoutLineContaining("error: ConnectException").isPresent(), bench.stdout().toString());
        }
    }
}
