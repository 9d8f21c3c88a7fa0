package vpn.core.kex;

import java.math.BigInteger;

/**
 * The Jacobi symbol (a/n). For a prime n it equals the Legendre symbol, so it tells whether a
 * is a quadratic residue mod n without the 8192-bit {@code modPow} (about 200 ms) that Euler's
 * criterion costs. The binary algorithm (subtract, shift out the twos, swap with reciprocity)
 * runs in place on two arrays of 64-bit limbs: about 1 ms for the 8192-bit group, where Euclid's
 * steps on {@link BigInteger}s, a new object per step, took 2.4 ms.
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
        int words = (n.bitLength() + 63) / 64;
        long[] x = Montgomery.limbs(a.mod(n), words);
        long[] y = Montgomery.limbs(n, words);
        int xLength = length(x, words);
        int yLength = length(y, words);
        int result = 1;
        // Invariant: the answer is result · (x/y), y odd and positive.
        while (xLength != 0) {
            int twos = trailingZeros(x);
            if (twos > 0) {
                xLength = shiftRight(x, xLength, twos);
                // (2/y) = -1 exactly when y = 3 or 5 (mod 8).
                int yMod8 = (int) y[0] & 7;
                if ((twos & 1) == 1 && (yMod8 == 3 || yMod8 == 5)) {
                    result = -result;
                }
            }
            if (compare(x, xLength, y, yLength) < 0) {
                // Quadratic reciprocity, both odd: swapping flips the sign when both are 3 (mod 4).
                if ((x[0] & 3) == 3 && (y[0] & 3) == 3) {
                    result = -result;
                }
                long[] t = x;
                x = y;
                y = t;
                int tLength = xLength;
                xLength = yLength;
                yLength = tLength;
            }
            // x >= y, both odd: (x/y) = ((x - y)/y), and x - y is even (or zero).
            xLength = subtract(x, xLength, y, yLength);
        }
        return yLength == 1 && y[0] == 1 ? result : 0;
    }

    /** Limbs in use: the index past the highest non-zero one. */
    private static int length(long[] v, int from) {
        int length = from;
        while (length > 0 && v[length - 1] == 0) {
            length--;
        }
        return length;
    }

    /** Trailing zero bits of a non-zero number. */
    private static int trailingZeros(long[] v) {
        int word = 0;
        while (v[word] == 0) {
            word++;
        }
        return 64 * word + Long.numberOfTrailingZeros(v[word]);
    }

    /** v >>= bits in place; returns the new length. */
    private static int shiftRight(long[] v, int length, int bits) {
        int words = bits >>> 6;
        int shift = bits & 63;
        int newLength = length - words;
        if (shift == 0) {
            System.arraycopy(v, words, v, 0, newLength);
        } else {
            for (int i = 0; i < newLength - 1; i++) {
                v[i] = (v[i + words] >>> shift) | (v[i + words + 1] << (64 - shift));
            }
            v[newLength - 1] = v[length - 1] >>> shift;
        }
        java.util.Arrays.fill(v, newLength, length, 0L);
        return length(v, newLength);
    }

    private static int compare(long[] x, int xLength, long[] y, int yLength) {
        if (xLength != yLength) {
            return xLength < yLength ? -1 : 1;
        }
        for (int i = xLength - 1; i >= 0; i--) {
            if (x[i] != y[i]) {
                return Long.compareUnsigned(x[i], y[i]);
            }
        }
        return 0;
    }

    /** x -= y in place, for x >= y; returns x's new length. */
    private static int subtract(long[] x, int xLength, long[] y, int yLength) {
        long borrow = 0;
        for (int i = 0; i < xLength; i++) {
            long a = x[i];
            long b = i < yLength ? y[i] : 0L;
            long d = a - b - borrow;
            borrow = ((~a & b) | (~(a ^ b) & d)) >>> 63;
            x[i] = d;
        }
        return length(x, xLength);
    }
}
