package vpn.core.kex;

import java.math.BigInteger;

/**
 * The Jacobi symbol (a/n). For a prime n it equals the Legendre symbol, so it tells whether a
 * is a quadratic residue mod n without the 8192-bit {@code modPow} (about 200 ms) that Euler's
 * criterion costs: this is a Euclid-like loop of divisions and shifts, a few milliseconds.
 */
public final class Jacobi {

    private Jacobi() {
    }

    /**
     * @param n odd and positive
     * @return -1, 0 or 1
     */
    public static int symbol(BigInteger a, BigInteger n) {
        if (n.signum() <= 0 || !n.testBit(0)) {
            throw new IllegalArgumentException("the Jacobi symbol needs an odd positive modulus");
        }
        a = a.mod(n);
        int result = 1;
        while (a.signum() != 0) {
            int twos = a.getLowestSetBit();
            a = a.shiftRight(twos);
            int nMod8 = n.intValue() & 7;
            // (2/n) = -1 exactly when n = 3 or 5 (mod 8).
            if ((twos & 1) == 1 && (nMod8 == 3 || nMod8 == 5)) {
                result = -result;
            }
            // Quadratic reciprocity: swapping flips the sign when both are 3 (mod 4).
            if ((a.intValue() & 3) == 3 && (nMod8 & 3) == 3) {
                result = -result;
            }
            BigInteger t = a;
            a = n.mod(t);
            n = t;
        }
        return n.equals(BigInteger.ONE) ? result : 0;
    }

}
