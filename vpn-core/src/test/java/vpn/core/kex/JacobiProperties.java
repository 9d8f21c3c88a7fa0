package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The limb-based Jacobi symbol against the textbook algorithm on {@link BigInteger}s, for any odd modulus. */
class JacobiProperties {

    /** Euclid's steps with reciprocity, on BigIntegers: the definition's algorithm, slow but plain. */
    static int reference(BigInteger a, BigInteger n) {
        a = a.mod(n);
        int result = 1;
        while (a.signum() != 0) {
            int twos = a.getLowestSetBit();
            a = a.shiftRight(twos);
            int nMod8 = n.intValue() & 7;
            if ((twos & 1) == 1 && (nMod8 == 3 || nMod8 == 5)) {
                result = -result;
            }
            if ((a.intValue() & 3) == 3 && (nMod8 & 3) == 3) {
                result = -result;
            }
            BigInteger t = a;
            a = n.mod(t);
            n = t;
        }
        return n.equals(BigInteger.ONE) ? result : 0;
    }

    @Property(tries = 2000)
    void equalsTheTextbookAlgorithm(@ForAll @IntRange(min = 1, max = 1200) int modulusBits,
            @ForAll @IntRange(min = 0, max = 1300) int valueBits, @ForAll long seed) {
        Random random = new Random(seed);
        BigInteger n = new BigInteger(modulusBits, random).setBit(0);
        // Values with long runs of zero bits as well: the shifts cross limb boundaries.
        BigInteger a = random.nextBoolean() ? new BigInteger(valueBits, random)
                : BigInteger.ONE.shiftLeft(valueBits).add(BigInteger.valueOf(random.nextInt(3)));
        if (random.nextInt(8) == 0) {
            a = a.negate();
        }
        assertEquals(reference(a, n), Jacobi.symbol(a, n), "(" + a + " / " + n + ")");
    }

    @Property(tries = 40)
    void equalsTheTextbookAlgorithmOnThe8192BitPrime(@ForAll long seed) {
        BigInteger p = DhGroup.MODP_8192.p();
        BigInteger a = new BigInteger(8192, new Random(seed));
        assertEquals(reference(a, p), Jacobi.symbol(a, p));
    }
}
