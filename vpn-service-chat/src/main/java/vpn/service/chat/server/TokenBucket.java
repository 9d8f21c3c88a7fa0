package vpn.service.chat.server;

import java.util.function.LongSupplier;

/**
 * One user's request rate: {@code burst} tokens at most, refilled at {@code perSecond}; a request
 * takes one. Shared by the user's sessions, so that more connections do not buy more messages.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double perNano;
    private final int burst;
    private final LongSupplier nanoTime;
    private double tokens;
    private long last;

    TokenBucket(int perSecond, int burst, LongSupplier nanoTime) {
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.nanoTime = nanoTime;
        this.tokens = burst;
        this.last = nanoTime.getAsLong();
    }

    /** Takes a token if there is one. */
    synchronized boolean tryTake() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * perNano);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
