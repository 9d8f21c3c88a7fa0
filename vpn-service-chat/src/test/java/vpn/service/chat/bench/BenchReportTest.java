package vpn.service.chat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The load's arithmetic: expected deliveries, rates, percentiles, the schedule, and the report's lines. */
class BenchReportTest {

    /** 100 active users, 50 idle users with 2 sessions each, 2 stalled: 202 sessions, 199 receivers per line. */
    private static final BenchArguments.Load LOAD = new BenchArguments.Load(Path.of("k"), 100, 50, 2, 100,
            Duration.ofSeconds(30), 2, OptionalLong.empty(), 64, List.of());

    private static BenchReport report(long accepted, long deliveries, long errors, Optional<BenchReport.Server> server) {
        return new BenchReport(LOAD, 3000, accepted, deliveries, 30.5, 1.25, 9.5, 42.0, 2, 12.25, errors,
                errors > 0 ? List.of("bench0001: request 7 refused: over the rate limit") : List.of(), 20.5, server);
    }

    @Test
    void eachAcceptedBroadcastIsExpectedAtEveryReadingSessionButTheSenders() {
        BenchReport report = report(3000, 597_000, 0, Optional.empty());
        assertEquals(152, report.users());
        assertEquals(202, report.sessions());
        assertEquals(199, report.receiversPerBroadcast());
        assertEquals(597_000, report.expected());
        assertEquals(597_000 / 30.5, report.deliveriesPerSecond(), 1e-9);
        assertTrue(report.complete());
    }

    @Test
    void aMissingDeliveryOrAnErrorIsNotComplete() {
        assertFalse(report(3000, 596_999, 0, Optional.empty()).complete());
        BenchReport refused = report(2999, 2999 * 199, 1, Optional.empty());
        assertEquals(2999 * 199, refused.expected(), "a refused broadcast is not expected anywhere");
        assertFalse(refused.complete());
    }

    @Test
    void theTableAndTheBenchLine() {
        BenchReport report = report(3000, 596_999, 1,
                Optional.of(new BenchReport.Server(12.5, 31.25, 150 * 1024, 160 * 1024, 200 * 1024)));
        assertEquals(List.of(
                "users online                 152 (202 sessions: 100 active, 100 idle of 50 users, 2 stalled)",
                "broadcasts sent              3000 accepted of 3000 sent (100/s for 30 s, 64 bytes each)",
                "deliveries expected          597000 (3000 x 199 reading sessions)",
                "deliveries received          596999 (MISSING 1)",
                "deliveries/s                 19573.7 (over 30.50 s)",
                "latency p50 / p99 / max      1.25 ms / 9.50 ms / 42.00 ms",
                "stalled users disconnected   2 of 2 (the last 12.3 s into the load)",
                "server CPU                   12.50 s in 31.25 s (0.40 cores)",
                "server RSS                   150.0 MB at the start, 160.0 MB at the end, 200.0 MB peak",
                "load tool CPU                20.50 s",
                "errors                       1",
                "  error: bench0001: request 7 refused: over the rate limit",
                "BENCH {\"tool\":\"chat-bench\",\"users\":152,\"sessions\":202,\"active\":100,\"idle\":50,"
                        + "\"idle_sessions\":2,\"stalled\":2,\"rate\":100,\"duration_s\":30,\"size\":64,\"sent\":3000,"
                        + "\"accepted\":3000,\"deliveries_expected\":597000,\"deliveries\":596999,\"seconds\":30.500,"
                        + "\"deliveries_per_s\":19573.7,\"latency_p50_ms\":1.250,\"latency_p99_ms\":9.500,"
                        + "\"latency_max_ms\":42.000,\"stalled_disconnected\":2,\"errors\":1,\"tool_cpu_s\":20.500,"
                        + "\"server_cpu_s\":12.500,"
                        + "\"server_cores\":0.400,\"server_rss_start_kb\":153600,\"server_rss_end_kb\":163840,"
                        + "\"server_rss_peak_kb\":204800}"), report.lines());
    }

    @Test
    void withoutDeliveriesOrAServerTheNumbersAreNull() {
        BenchReport empty = new BenchReport(LOAD, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN, 0,
                List.of(), Double.NaN, Optional.empty());
        String bench = empty.benchLine();
        assertTrue(bench.contains("\"deliveries_per_s\":null,\"latency_p50_ms\":null"), bench);
        assertTrue(bench.endsWith("\"server_cpu_s\":null,\"server_cores\":null,\"server_rss_start_kb\":null,"
                + "\"server_rss_end_kb\":null,\"server_rss_peak_kb\":null}"), bench);
        assertTrue(empty.lines().contains("latency p50 / p99 / max      n/a / n/a / n/a"), empty.lines().toString());
    }

    @Test
    void percentilesAreNearestRankAndTheReservoirKeepsItsBound() {
        LatencyReservoir all = new LatencyReservoir(1000);
        for (int i = 1; i <= 1000; i++) {
            all.record(i * 1_000_000L);
        }
        assertEquals(500.0, all.percentileMillis(50));
        assertEquals(990.0, all.percentileMillis(99));
        assertEquals(1000.0, all.maxMillis());

        LatencyReservoir bounded = new LatencyReservoir(100);
        for (int i = 1; i <= 100_000; i++) {
            bounded.record(i == 77_777 ? 5_000_000_000L : 1_000_000L);
        }
        assertEquals(100_000, bounded.count());
        assertEquals(5000.0, bounded.maxMillis(), "the maximum is exact even when the sample is not kept");
        assertEquals(1.0, bounded.percentileMillis(50));
        assertTrue(Double.isNaN(new LatencyReservoir(10).percentileMillis(99)));
    }

    @Test
    void broadcastsAreSpreadEvenlyOverEachSecond() {
        assertEquals(0, ChatLoad.offsetNanos(0, 100));
        assertEquals(10_000_000, ChatLoad.offsetNanos(1, 100));
        assertEquals(1_990_000_000, ChatLoad.offsetNanos(199, 100));
        assertEquals(333_333_333, ChatLoad.offsetNanos(1, 3));
        long k = 1_000_000L * 86_400;
        assertEquals(86_400_000_000_000L, ChatLoad.offsetNanos(k, 1_000_000), "a day at the highest rate, no overflow");
    }

    @Test
    void theTextCarriesTheSendTimeAndHasTheSizeAsked() {
        String text = BenchText.of(-1234567890123L, 64);
        assertEquals(64, text.length());
        assertEquals(-1234567890123L, BenchText.sentNanos(text).getAsLong());
        assertEquals(Long.MIN_VALUE, BenchText.sentNanos(BenchText.of(Long.MIN_VALUE, BenchText.MIN_LENGTH)).getAsLong());
        assertEquals(BenchText.MIN_LENGTH, BenchText.of(Long.MIN_VALUE, BenchText.MIN_LENGTH).length());
        assertTrue(BenchText.sentNanos("hello").isEmpty());
        assertTrue(BenchText.sentNanos("bench soon").isEmpty());
    }
}
