package vpn.service.chat.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What every session of the load counts, from its own thread: broadcasts sent and answered,
 * deliveries and their latencies, the stalled users seen leaving, and errors (the first few kept
 * as lines). Fixed memory whatever the run's length, apart from the latency reservoir's own bound.
 */
final class Tally {

    private static final int ERROR_SAMPLES = 5;

    private final LatencyReservoir latencies;
    private final LongAdder received = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder answered = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final AtomicLong lastDelivery = new AtomicLong();
    private final List<String> errorSamples = new ArrayList<>();
    private final Set<String> stalledNames = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> stalledLeft = new ConcurrentHashMap<>();
    /** Set while the load closes its sessions: sessions that end then are no errors. */
    private volatile boolean closing;

    Tally(LatencyReservoir latencies) {
        this.latencies = latencies;
    }

    /** Any message, of any kind, reached a session: the load waits for the room to go quiet before it starts. */
    void received() {
        received.increment();
    }

    long messagesReceived() {
        return received.sum();
    }

    /** A broadcast reached a reading session at {@code now}, {@code latencyNanos} after it was sent. */
    void delivered(long now, long latencyNanos) {
        latencies.record(latencyNanos);
        deliveries.increment();
        lastDelivery.accumulateAndGet(now, Math::max);
    }

    void sent() {
        sent.increment();
    }

    /** The answer to a SAY: OK ({@code accepted}) or FAILURE. */
    void answered(boolean wasAccepted) {
        if (wasAccepted) {
            accepted.increment();
        }
        answered.increment();
    }

    void stalled(String name) {
        stalledNames.add(name);
    }

    /** {@code name} left the room: for a stalled user, the server dropped it. */
    void left(String name, long now) {
        if (stalledNames.contains(name)) {
            stalledLeft.putIfAbsent(name, now);
        }
    }

    /** Counts an error and keeps its line if it is among the first few. */
    void error(String line) {
        errors.increment();
        synchronized (errorSamples) {
            if (errorSamples.size() < ERROR_SAMPLES) {
                errorSamples.add(line);
            }
        }
    }

    /** A reading session ended: an error, unless the load is closing the sessions itself. */
    void ended(String name, String why) {
        if (!closing) {
            error(name + ": " + why);
        }
    }

    void closing() {
        closing = true;
    }

    long sentCount() {
        return sent.sum();
    }

    long acceptedCount() {
        return accepted.sum();
    }

    long answeredCount() {
        return answered.sum();
    }

    long deliveryCount() {
        return deliveries.sum();
    }

    long errorCount() {
        return errors.sum();
    }

    /** When the last delivery arrived ({@link System#nanoTime()}); 0 before the first. */
    long lastDelivery() {
        return lastDelivery.get();
    }

    List<String> errorSamples() {
        synchronized (errorSamples) {
            return List.copyOf(errorSamples);
        }
    }

    /** When each stalled user that the server dropped was seen leaving ({@link System#nanoTime()}). */
    Map<String, Long> stalledLeft() {
        return Map.copyOf(stalledLeft);
    }

    LatencyReservoir latencies() {
        return latencies;
    }
}
