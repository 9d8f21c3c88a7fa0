package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Unauthenticated connections counted per source address, and the drops they cause. */
class StartupsTest {

    private static final InetAddress ATTACKER = address("127.0.0.2");
    private static final InetAddress GOOD = address("127.0.0.1");

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void oneSourceAtItsLimitDoesNotStopAnother() {
        Startups startups = new Startups(MaxStartups.parse("2:100:2"), new SplittableRandom(1));
        Optional<Startups.Startup> first = startups.admit(ATTACKER);
        Optional<Startups.Startup> second = startups.admit(ATTACKER);
        assertTrue(first.isPresent() && second.isPresent());
        assertTrue(startups.admit(ATTACKER).isEmpty(), "the third from the same address is dropped");
        assertEquals(2, startups.unauthenticated(ATTACKER));
        assertTrue(startups.admit(GOOD).isPresent(), "another address is still admitted");
        assertEquals(1, startups.unauthenticated(GOOD));
    }

    @Test
    void aFinishedHandshakeNoLongerCountsAndFinishingTwiceChangesNothing() {
        Startups startups = new Startups(MaxStartups.parse("1"), new SplittableRandom(1));
        Startups.Startup startup = startups.admit(ATTACKER).orElseThrow();
        assertTrue(startups.admit(ATTACKER).isEmpty());
        startup.finish();
        startup.finish();
        assertEquals(0, startups.unauthenticated(ATTACKER));
        Startups.Startup next = startups.admit(ATTACKER).orElseThrow();
        assertEquals(1, startups.unauthenticated(ATTACKER));
        next.finish();
        assertEquals(0, startups.sources(), "an address with nothing open is forgotten");
    }

    @Test
    void randomEarlyDropFollowsTheSeededGenerator() {
        MaxStartups limit = MaxStartups.parse("3:30:10");
        Startups startups = new Startups(limit, new SplittableRandom(7));
        SplittableRandom replay = new SplittableRandom(7);
        int expected = 0;
        int admitted = 0;
        for (int i = 0; i < 40; i++) {
            if (!limit.drops(expected, replay)) {
                expected++;
            }
            if (startups.admit(ATTACKER).isPresent()) {
                admitted++;
            }
        }
        assertEquals(expected, admitted);
        assertEquals(expected, startups.unauthenticated(ATTACKER));
        assertTrue(admitted >= 3 && admitted <= 10, "admitted " + admitted);
    }
}
