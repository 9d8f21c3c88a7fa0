package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JacobiTest {

    /** Euler's criterion, the slow definition the fast algorithm must agree with, for a prime p. */
    private static int euler(BigInteger a, BigInteger p) {
        BigInteger r = a.modPow(p.subtract(BigInteger.ONE).shiftRight(1), p);
        return r.signum() == 0 ? 0 : r.equals(BigInteger.ONE) ? 1 : -1;
    }

    @Test
    void agreesWithEulersCriterionOnSmallPrimes() {
        for (int p : new int[] {3, 5, 7, 11, 13, 17, 19, 23, 101, 103, 65537}) {
            BigInteger prime = BigInteger.valueOf(p);
            for (int a = 0; a < Math.min(p * 2, 400); a++) {
                BigInteger value = BigInteger.valueOf(a);
                assertEquals(euler(value, prime), Jacobi.symbol(value, prime), "(" + a + "/" + p + ")");
            }
        }
    }

    @Test
    void knownCompositeValues() {
        // (2/15) = (2/3)(2/5) = (-1)(-1) = 1, though 2 is not a square mod 15.
        assertEquals(1, Jacobi.symbol(BigInteger.TWO, BigInteger.valueOf(15)));
        assertEquals(0, Jacobi.symbol(BigInteger.valueOf(6), BigInteger.valueOf(15)));
        assertEquals(-1, Jacobi.symbol(BigInteger.valueOf(7), BigInteger.valueOf(15)));
    }

    @Test
    void agreesWithEulersCriterionOnThe8192BitPrime() {
        BigInteger p = DhGroup.MODP_8192.p();
        Random random = new Random(4600);
        int residues = 0;
        for (int i = 0; i < 6; i++) {
            BigInteger a = new BigInteger(8191, random);
            int expected = euler(a, p);
            assertEquals(expected, Jacobi.symbol(a, p));
            residues += expected == 1 ? 1 : 0;
        }
        // p is 7 mod 8, so 2 is a residue and p-1 = -1 is not (p is 3 mod 4).
        assertEquals(1, Jacobi.symbol(BigInteger.TWO, p));
        assertEquals(-1, Jacobi.symbol(p.subtract(BigInteger.ONE), p));
        assertEquals(true, residues > 0 && residues < 6, "a fair mix of residues and non-residues");
    }

    @Test
    void refusesAnEvenModulus() {
        assertThrows(IllegalArgumentException.class, () -> Jacobi.symbol(BigInteger.ONE, BigInteger.TEN));
    }
}
