package vpn.core.kex;

import java.math.BigInteger;

/**
 * {@code g^e mod p} for one fixed base and modulus, by Lim and Lee's comb: the exponent's bits are
 * laid out in {@code ROWS} rows of {@code a} bits, each row cut into {@code COLUMNS} columns of
 * {@code b} bits, and a table holds, for every column and every choice of rows, the product of
 * the matching powers {@code g^(2^(row·a + column·b))}. An exponentiation is then {@code b - 1}
 * squarings and at most {@code COLUMNS · b} multiplications by table entries, instead of one
 * squaring per exponent bit: for the 704-bit exponent of the 8192-bit group, about 97 modular
 * multiplications where {@code modPow} needs about 830.
 *
 * <p>Built once per group (about 2,000 multiplications, a fraction of a second) and immutable:
 * any number of threads may share it. The table holds {@code COLUMNS · (2^ROWS − 1)} residues,
 * about 2 MiB for the 8192-bit group. The result is exactly {@link BigInteger#modPow}'s; like it,
 * the work is not constant-time (the table index is secret-dependent), which the server accepts
 * for ephemeral exponents used once.
 */
public final class FixedBaseComb {

    /** Rows (teeth of the comb): a table of 2^ROWS entries per column. */
    static final int ROWS = 8;
    /** Columns: each saves squarings at the cost of one more table of 2^ROWS entries. */
    static final int COLUMNS = 8;

    private final BigInteger base;
    private final int maxExponentBits;
    private final int rowBits;
    private final int columnBits;
    private final Montgomery arithmetic;
    /** table[column][rows]: the product of g^(2^(r·a + column·b)) over the rows r in {@code rows}, Montgomery form. */
    private final long[][][] table;
    private final long[] one;

    private FixedBaseComb(BigInteger base, BigInteger modulus, int maxExponentBits) {
        this.base = base;
        this.maxExponentBits = maxExponentBits;
        this.rowBits = Math.ceilDiv(maxExponentBits, ROWS);
        this.columnBits = Math.ceilDiv(rowBits, COLUMNS);
        this.arithmetic = new Montgomery(modulus);
        this.one = arithmetic.toMontgomery(BigInteger.ONE);
        this.table = new long[COLUMNS][1 << ROWS][];
        long[][] powers = powersOfTwoExponents();
        long[] scratch = arithmetic.scratch();
        for (int column = 0; column < COLUMNS; column++) {
            table[column][0] = one;
            for (int row = 0; row < ROWS; row++) {
                long[] power = powers[row * rowBits + column * columnBits];
                int bit = 1 << row;
                table[column][bit] = power;
                for (int lower = 1; lower < bit; lower++) {
                    long[] entry = new long[arithmetic.limbs()];
                    arithmetic.multiply(table[column][lower], power, entry, scratch);
                    table[column][bit | lower] = entry;
                }
            }
        }
    }

    /** g^(2^k) in Montgomery form at every position k the table needs, by repeated squaring. */
    private long[][] powersOfTwoExponents() {
        long[][] powers = new long[(ROWS - 1) * rowBits + (COLUMNS - 1) * columnBits + 1][];
        boolean[] needed = new boolean[powers.length];
        for (int row = 0; row < ROWS; row++) {
            for (int column = 0; column < COLUMNS; column++) {
                needed[row * rowBits + column * columnBits] = true;
            }
        }
        long[] current = arithmetic.toMontgomery(base);
        long[] scratch = arithmetic.scratch();
        for (int k = 0; k < powers.length; k++) {
            if (k > 0) {
                arithmetic.multiply(current, current, current, scratch);
            }
            if (needed[k]) {
                powers[k] = current.clone();
            }
        }
        return powers;
    }

    /**
     * @param base g, with {@code 0 < g < modulus}
     * @param modulus an odd modulus above 1 (the group's prime)
     * @param maxExponentBits the longest exponent the table serves (the group's private exponent)
     */
    public static FixedBaseComb build(BigInteger base, BigInteger modulus, int maxExponentBits) {
        if (base.signum() <= 0 || base.compareTo(modulus) >= 0) {
            throw new IllegalArgumentException("the base must lie in (0, modulus)");
        }
        if (maxExponentBits <= 0) {
            throw new IllegalArgumentException("maxExponentBits must be positive, not " + maxExponentBits);
        }
        return new FixedBaseComb(base, modulus, maxExponentBits);
    }

    /** Whether {@link #pow} serves this exponent: {@code 0 <= e < 2^maxExponentBits}. */
    public boolean serves(BigInteger exponent) {
        return exponent.signum() >= 0 && exponent.bitLength() <= maxExponentBits;
    }

    /**
     * {@code base^exponent mod modulus}, equal to {@code base.modPow(exponent, modulus)}.
     *
     * @throws IllegalArgumentException for an exponent the table does not serve ({@link #serves})
     */
    public BigInteger pow(BigInteger exponent) {
        if (!serves(exponent)) {
            throw new IllegalArgumentException("the comb serves exponents of 0 to " + maxExponentBits + " bits");
        }
        long[] accumulator = one.clone();
        long[] scratch = arithmetic.scratch();
        for (int k = columnBits - 1; k >= 0; k--) {
            if (k != columnBits - 1) {
                arithmetic.multiply(accumulator, accumulator, accumulator, scratch);
            }
            for (int column = 0; column < COLUMNS; column++) {
                int rows = 0;
                int offset = column * columnBits + k;
                if (offset >= rowBits) {
                    break; // past the row's bits: they belong to the next row, which counts them
                }
                for (int row = 0; row < ROWS; row++) {
                    if (exponent.testBit(row * rowBits + offset)) {
                        rows |= 1 << row;
                    }
                }
                if (rows != 0) {
                    arithmetic.multiply(accumulator, table[column][rows], accumulator, scratch);
                }
            }
        }
        return arithmetic.fromMontgomery(accumulator);
    }
}
