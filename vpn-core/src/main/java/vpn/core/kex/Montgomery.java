package vpn.core.kex;

import java.math.BigInteger;

/**
 * Montgomery multiplication modulo one odd modulus, on little-endian arrays of 64-bit limbs: the
 * product a·b·R⁻¹ mod n with R = 2^(64·limbs), multiplying and reducing a word at a time in one
 * pass (Koç's finely integrated operand scanning). {@link BigInteger} has the same arithmetic
 * inside {@code modPow} but exposes no single modular multiplication, and its {@code multiply}
 * followed by {@code mod} costs about 1.7 times as much; a fixed-base comb needs nothing else.
 *
 * <p>Values stay below n between operations. Not constant time (the final subtraction depends on
 * the data), like {@code BigInteger.modPow}. Immutable and thread-safe; callers bring their own
 * scratch space.
 */
final class Montgomery {

    private final BigInteger modulus;
    private final long[] n;
    /** -n⁻¹ mod 2^64: the multiple of n that clears the lowest limb. */
    private final long nPrime;

    Montgomery(BigInteger modulus) {
        if (modulus.signum() <= 0 || !modulus.testBit(0) || modulus.bitLength() < 2) {
            throw new IllegalArgumentException("Montgomery arithmetic needs an odd modulus above 1");
        }
        this.modulus = modulus;
        this.n = limbs(modulus, (modulus.bitLength() + 63) / 64);
        // Newton's iteration for the inverse mod 2^64: an odd n0 is its own inverse mod 8, and each
        // step doubles the correct low bits (3, 6, 12, 24, 48, 96).
        long inverse = n[0];
        for (int i = 0; i < 5; i++) {
            inverse *= 2 - n[0] * inverse;
        }
        this.nPrime = -inverse;
    }

    int limbs() {
        return n.length;
    }

    /** Scratch space for {@link #multiply}: one per thread at a time. */
    long[] scratch() {
        return new long[n.length + 1];
    }

    /** x·R mod n, the Montgomery form of x. */
    long[] toMontgomery(BigInteger x) {
        return limbs(x.shiftLeft(64 * n.length).mod(modulus), n.length);
    }

    /** The number whose Montgomery form is {@code a}: a·R⁻¹ mod n. */
    BigInteger fromMontgomery(long[] a) {
        long[] one = new long[n.length];
        one[0] = 1;
        long[] out = new long[n.length];
        multiply(a, one, out, scratch());
        return toBigInteger(out);
    }

    /**
     * {@code out = a·b·R⁻¹ mod n}, for {@code a, b < n}. {@code out} may be {@code a} or {@code b}:
     * the result is assembled in {@code t} and copied at the end.
     *
     * @param t scratch of {@code limbs() + 1} longs
     */
    void multiply(long[] a, long[] b, long[] out, long[] t) {
        int s = n.length;
        java.util.Arrays.fill(t, 0L);
        for (int i = 0; i < s; i++) {
            // One pass computes t = (t + a·b[i] + m·n) / 2^64, with m chosen so that the lowest
            // limb of the sum is zero; two carries run along, one for each product.
            long bi = b[i];
            long lo = a[0] * bi;
            long sum = lo + t[0];
            long carryA = Math.unsignedMultiplyHigh(a[0], bi) + (Long.compareUnsigned(sum, lo) < 0 ? 1 : 0);
            long m = sum * nPrime;
            lo = m * n[0];
            long low = lo + sum; // zero by the choice of m: only its carry matters
            long carryN = Math.unsignedMultiplyHigh(m, n[0]) + (Long.compareUnsigned(low, lo) < 0 ? 1 : 0);
            for (int j = 1; j < s; j++) {
                long aj = a[j];
                long productLo = aj * bi;
                long productHi = Math.unsignedMultiplyHigh(aj, bi);
                long u = productLo + t[j];
                productHi += Long.compareUnsigned(u, productLo) < 0 ? 1 : 0;
                long v = u + carryA;
                productHi += Long.compareUnsigned(v, u) < 0 ? 1 : 0;
                carryA = productHi;
                long nj = n[j];
                long reductionLo = m * nj;
                long reductionHi = Math.unsignedMultiplyHigh(m, nj);
                long w = reductionLo + v;
                reductionHi += Long.compareUnsigned(w, reductionLo) < 0 ? 1 : 0;
                long x = w + carryN;
                reductionHi += Long.compareUnsigned(x, w) < 0 ? 1 : 0;
                carryN = reductionHi;
                t[j - 1] = x;
            }
            long top = t[s] + carryA;
            long overflow = Long.compareUnsigned(top, carryA) < 0 ? 1 : 0;
            long top2 = top + carryN;
            overflow += Long.compareUnsigned(top2, top) < 0 ? 1 : 0;
            t[s - 1] = top2;
            t[s] = overflow;
        }
        // t < 2n: one subtraction at most brings it below n.
        if (atLeastModulus(t)) {
            long borrow = 0;
            for (int j = 0; j < s; j++) {
                long x = t[j];
                long y = n[j];
                long d = x - y - borrow;
                borrow = ((~x & y) | (~(x ^ y) & d)) >>> 63;
                out[j] = d;
            }
        } else {
            System.arraycopy(t, 0, out, 0, s);
        }
    }

    private boolean atLeastModulus(long[] t) {
        if (t[n.length] != 0) {
            return true;
        }
        for (int j = n.length - 1; j >= 0; j--) {
            if (t[j] != n[j]) {
                return Long.compareUnsigned(t[j], n[j]) > 0;
            }
        }
        return true;
    }

    /** The low {@code count} limbs of a non-negative x. */
    static long[] limbs(BigInteger x, int count) {
        byte[] bytes = x.toByteArray(); // big-endian, with a sign byte at most
        long[] out = new long[count];
        for (int i = 0; i < bytes.length && i < 8 * count; i++) {
            out[i / 8] |= (bytes[bytes.length - 1 - i] & 0xFFL) << (8 * (i % 8));
        }
        return out;
    }

    static BigInteger toBigInteger(long[] limbs) {
        byte[] bytes = new byte[8 * limbs.length + 1]; // a leading zero byte keeps it positive
        for (int i = 0; i < 8 * limbs.length; i++) {
            bytes[bytes.length - 1 - i] = (byte) (limbs[i / 8] >>> (8 * (i % 8)));
        }
        return new BigInteger(bytes);
    }
}
