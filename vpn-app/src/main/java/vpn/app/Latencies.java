package vpn.app;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/** Latency samples in nanoseconds, recorded from many threads into a fixed-size array. */
final class Latencies {

    private final long[] samples;
    private final AtomicInteger count = new AtomicInteger();

    Latencies(int capacity) {
        samples = new long[capacity];
    }

    void record(long nanos) {
        int index = count.getAndIncrement();
        if (index < samples.length) {
            samples[index] = nanos;
        }
    }

    int count() {
        return Math.min(count.get(), samples.length);
    }

    /** The p-th percentile (0..100) in milliseconds, or NaN without samples. */
    double percentileMillis(double p) {
        int n = count();
        if (n == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, n);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * n) - 1;
        return sorted[Math.max(0, Math.min(n - 1, rank))] / 1e6;
    }
}
