package vpn.service.chat.bench;

import java.util.OptionalLong;

/**
 * The text of a load broadcast: {@code bench NANOS } and padding to the size asked for, NANOS being
 * the sender's {@link System#nanoTime()} when it sent the line. Every client of the load runs in
 * one process, so a receiver's own {@code nanoTime} minus NANOS is the delivery latency.
 */
final class BenchText {

    private static final String MARKER = "bench ";
    /** The marker, a send time of up to 20 characters (a negative long), and a space. */
    static final int MIN_LENGTH = MARKER.length() + 20 + 1;

    private BenchText() {
    }

    /** A text of exactly {@code size} ASCII characters ({@code size} at least {@link #MIN_LENGTH}). */
    static String of(long sentNanos, int size) {
        StringBuilder text = new StringBuilder(size).append(MARKER).append(sentNanos).append(' ');
        while (text.length() < size) {
            text.append((char) ('a' + text.length() % 26));
        }
        return text.toString();
    }

    /** The send time in a load broadcast's text; empty for any other text. */
    static OptionalLong sentNanos(String text) {
        if (!text.startsWith(MARKER)) {
            return OptionalLong.empty();
        }
        int end = text.indexOf(' ', MARKER.length());
        if (end < 0) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text, MARKER.length(), end, 10));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
