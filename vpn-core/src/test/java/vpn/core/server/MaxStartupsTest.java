package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** OpenSSH's MaxStartups arithmetic (sshd.c, should_drop_connection) and sshd_config's syntax. */
class MaxStartupsTest {

    /** A "random" source that always draws {@code r} out of 100. */
    private static RandomGenerator drawing(int r) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int nextInt(int bound) {
                assertEquals(100, bound);
                return r;
            }
        };
    }

    private static final RandomGenerator NEVER_CALLED = new RandomGenerator() {
        @Override
        public long nextLong() {
            throw new AssertionError("no draw below start or from full on");
        }
    };

    @Test
    void belowStartNothingIsDroppedAndFromFullEverything() {
        MaxStartups limit = MaxStartups.parse("10:30:100");
        assertEquals(new MaxStartups(10, 30, 100), limit);
        for (int startups = 0; startups < 10; startups++) {
            assertFalse(limit.drops(startups, NEVER_CALLED));
        }
        assertTrue(limit.drops(100, NEVER_CALLED));
        assertTrue(limit.drops(5000, NEVER_CALLED));
    }

    @Test
    void theProbabilityStartsAtRateAndRisesLinearlyToFull() {
        MaxStartups limit = new MaxStartups(10, 30, 100);
        // At start: p = rate = 30, so a draw of 29 drops and 30 does not.
        assertTrue(limit.drops(10, drawing(29)));
        assertFalse(limit.drops(10, drawing(30)));
        // Half way (55): p = 30 + (100 - 30) * 45 / 90 = 65.
        assertTrue(limit.drops(55, drawing(64)));
        assertFalse(limit.drops(55, drawing(65)));
        // One short of full (99): p = 30 + 70 * 89 / 90 = 30 + 69 (integer division) = 99.
        assertTrue(limit.drops(99, drawing(98)));
        assertFalse(limit.drops(99, drawing(99)));
    }

    @Test
    void aRateOf100DropsEverythingFromStart() {
        MaxStartups limit = MaxStartups.parse("3:100:8");
        assertFalse(limit.drops(2, NEVER_CALLED));
        assertTrue(limit.drops(3, NEVER_CALLED));
    }

    @Test
    void withASeededGeneratorAboutRatePercentAreDroppedAtStart() {
        MaxStartups limit = MaxStartups.DEFAULT;
        SplittableRandom random = new SplittableRandom(42);
        int dropped = 0;
        for (int i = 0; i < 10_000; i++) {
            dropped += limit.drops(10, random) ? 1 : 0;
        }
        assertTrue(dropped > 2_800 && dropped < 3_200, "dropped " + dropped);
    }

    @Test
    void oneNumberIsAHardLimitAsInSshdConfig() {
        MaxStartups limit = MaxStartups.parse("5");
        assertEquals(5, limit.start());
        assertEquals(5, limit.full());
        assertFalse(limit.drops(4, NEVER_CALLED));
        assertTrue(limit.drops(5, NEVER_CALLED));
        assertEquals("5", limit.toString());
        assertEquals("10:30:100", MaxStartups.DEFAULT.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ten", "10:30", "10:30:100:1", "10::100", "10:0:100", "10:101:100", "20:30:10",
        "0:30:100", "-1:30:100", "10:30:0", " 10:30:100", "10:30:100 ", "10:+30:100", "99999999999:30:100"})
    void malformedSpecificationsAreRefusedNamingThem(String spec) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse(spec));
        assertTrue(e.getMessage().startsWith("'" + spec + "'"), e.getMessage());
    }

    @Test
    void eachRefusalSaysWhatIsWrong() {
        assertEquals("'10:30' is not START:RATE:FULL (such as 10:30:100) or one number",
                assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("10:30")).getMessage());
        assertEquals("'20:30:10': START must not exceed FULL",
                assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("20:30:10")).getMessage());
        assertEquals("'10:0:100': RATE is a percentage from 1 to 100",
                assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("10:0:100")).getMessage());
        assertEquals("'0': START must be positive",
                assertThrows(IllegalArgumentException.class, () -> MaxStartups.parse("0")).getMessage());
    }
}
