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

    private static final String SYNTAX = "START:RATE:FULL (such as 10:30:100: from START unauthenticated connections "
            + "refuse RATE% of new ones, rising to all at FULL; 1 <= RATE <= 100, 0 < START <= FULL), or one number N "
            + "(refuse every new one from N on)";
    private static final Pattern SPEC = Pattern.compile("(\\d{1,9})(?::(\\d{1,9}):(\\d{1,9}))?");

    public MaxStartups {
        if (start <= 0 || full < start || rate < 1 || rate > 100) {
            throw new IllegalArgumentException("invalid max-startups " + start + ":" + rate + ":" + full
                    + ": expected " + SYNTAX);
        }
    }

    /**
     * Reads sshd_config's syntax: {@code start:rate:full}, or a single number, which refuses every
     * connection from that many on.
     *
     * @throws IllegalArgumentException naming the expected syntax
     */
    public static MaxStartups parse(String spec) {
        Matcher m = SPEC.matcher(spec);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid max-startups '" + spec + "': expected " + SYNTAX);
        }
        int start = Integer.parseInt(m.group(1));
        return m.group(2) == null
                ? new MaxStartups(start, 100, start)
                : new MaxStartups(start, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
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
