package vpn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesByNearestRank() {
        Latencies latencies = new Latencies(200);
        for (int i = 100; i >= 1; i--) {
            latencies.record(i * 1_000_000L); // 1..100 ms, recorded out of order
        }
        assertEquals(100, latencies.count());
        assertEquals(50.0, latencies.percentileMillis(50));
        assertEquals(99.0, latencies.percentileMillis(99));
        assertEquals(100.0, latencies.percentileMillis(100));
        assertEquals(1.0, latencies.percentileMillis(0));
    }

    @Test
    void noSamplesIsNotANumberAndOverflowIsDropped() {
        assertTrue(Double.isNaN(new Latencies(4).percentileMillis(50)));
        Latencies small = new Latencies(2);
        small.record(1);
        small.record(2);
        small.record(3);
        assertEquals(2, small.count());
    }
}
