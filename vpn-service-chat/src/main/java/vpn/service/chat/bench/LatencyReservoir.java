package vpn.service.chat.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Latency samples in nanoseconds, from many threads, in bounded memory: the first
 * {@code capacity} samples are all kept; after that each new one replaces a random kept one with
 * the chance that keeps every sample equally likely to be there (reservoir sampling, Vitter's
 * algorithm R). Percentiles are exact up to {@code capacity} samples and an unbiased estimate
 * beyond; the count and the maximum are always exact.
 */
final class LatencyReservoir {

    /** 8 MiB of samples: a 30-second run at 30,000 deliveries a second keeps all of them. */
    static final int DEFAULT_CAPACITY = 1 << 20;

    private final long[] samples;
    private final SplittableRandom random = new SplittableRandom();
    private long count;
    private long max;

    LatencyReservoir(int capacity) {
        this.samples = new long[capacity];
    }

    synchronized void record(long nanos) {
        if (count < samples.length) {
            samples[(int) count] = nanos;
        } else {
            long slot = random.nextLong(count + 1);
            if (slot < samples.length) {
                samples[(int) slot] = nanos;
            }
        }
        count++;
        max = Math.max(max, nanos);
    }

    synchronized long count() {
        return count;
    }

    /** The p-th percentile (0 < p ≤ 100, nearest rank) in milliseconds; NaN without samples. */
    synchronized double percentileMillis(double p) {
        int kept = (int) Math.min(count, samples.length);
        if (kept == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(samples, kept);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * kept) - 1;
        return sorted[Math.max(0, Math.min(kept - 1, rank))] / 1e6;
    }

    /** The largest sample in milliseconds; NaN without samples. */
    synchronized double maxMillis() {
        return count == 0 ? Double.NaN : max / 1e6;
    }
}
