package vpn.core.server;

import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OpenSSH's {@code MaxStartups start:rate:full} (sshd_config(5)), applied here per source address:
 * with {@code start} or more connections that have not finished their handshake, a new one is
 * refused with probability {@code rate}%, rising linearly to 100% at {@code full} (random early
 * drop: a flood is thinned before it is stopped, so a patient client still gets through now and then).
 *
 * @param start unauthenticated connections from one address before any is refused
 * @param rate the refusal probability at {@code start}, in percent (1 to 100)
 * @param full unauthenticated connections from one address from which every new one is refused
 */
public record MaxStartups(int start, int rate, int full) {

    /** OpenSSH's default. */
    public static final MaxStartups DEFAULT = new MaxStartups(10, 30, 100);

    private static final Pattern SPEC = Pattern.compile("(\\d{1,9})(?::(\\d{1,9}):(\\d{1,9}))?");

    /** @throws IllegalArgumentException saying which bound is broken */
    public MaxStartups {
        String broken = start <= 0 ? "START must be positive"
                : full < start ? "START must not exceed FULL"
                : rate < 1 || rate > 100 ? "RATE is a percentage from 1 to 100"
                : null;
        if (broken != null) {
            throw new IllegalArgumentException(broken);
        }
    }

    /**
     * Reads sshd_config's syntax: {@code start:rate:full}, or a single number, which refuses every
     * connection from that many on.
     *
     * @throws IllegalArgumentException naming {@code spec} and what is wrong with it
     */
    public static MaxStartups parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + spec + "' is not START:RATE:FULL (such as 10:30:100) or one number");
        }
        int start = Integer.parseInt(m.group(1));
        try {
            return m.group(2) == null
                    ? new MaxStartups(start, 100, start)
                    : new MaxStartups(start, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + spec + "': " + e.getMessage());
        }
    }

    /**
     * Whether to refuse a new connection while {@code startups} from its address are unauthenticated:
     * sshd's {@code should_drop_connection}, in its integer arithmetic, drawing from {@code random}
     * only between start and full.
     */
    public boolean drops(int startups, RandomGenerator random) {
        if (startups < start) {
            return false;
        }
        if (startups >= full || rate == 100) {
            return true;
        }
        long p = rate + (100L - rate) * (startups - start) / (full - start);
        return random.nextInt(100) < p;
    }

    /** As given: {@code 10:30:100}, or {@code N} for a hard limit. */
    @Override
    public String toString() {
        return rate == 100 && start == full ? String.valueOf(start) : start + ":" + rate + ":" + full;
    }
}
