package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The comb and its Montgomery arithmetic are {@link BigInteger#modPow} and {@code multiply().mod()}
 * by other means: for any exponent the table serves, any odd modulus, any base below it.
 */
class FixedBaseCombProperties {

    private static final DhGroup GROUP = DhGroup.MODP_8192;
    private static final int BITS = 8 * GROUP.exponentBytes();
    private static final FixedBaseComb COMB = FixedBaseComb.build(GROUP.g(), GROUP.p(), BITS);

    /** Exponents of every length up to 704 bits, dense and sparse in ones, at the table's edges. */
    @Provide
    Arbitrary<BigInteger> exponents() {
        Arbitrary<BigInteger> uniform = Arbitraries.bigIntegers().between(BigInteger.ZERO,
                BigInteger.ONE.shiftLeft(BITS).subtract(BigInteger.ONE));
        Arbitrary<BigInteger> sparse = Arbitraries.integers().between(0, BITS - 1).set().ofMaxSize(6)
                .map(bits -> bits.stream().map(BigInteger.ONE::shiftLeft).reduce(BigInteger.ZERO, BigInteger::add));
        Arbitrary<BigInteger> dense = sparse.map(holes -> BigInteger.ONE.shiftLeft(BITS).subtract(BigInteger.ONE)
                .xor(holes));
        return Arbitraries.oneOf(uniform, sparse, dense).edgeCases(edges -> edges.includeOnly(BigInteger.ZERO));
    }

    @Property(tries = 120)
    void theCombIsModPowOnThe8192BitGroup(@ForAll("exponents") BigInteger exponent) {
        assertEquals(GROUP.g().modPow(exponent, GROUP.p()), COMB.pow(exponent));
    }

    @Property(tries = 300)
    void theCombIsModPowForAnyOddModulusAndBase(@ForAll @IntRange(min = 2, max = 1100) int modulusBits,
            @ForAll @IntRange(min = 1, max = 300) int exponentBits, @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        BigInteger modulus = new BigInteger(modulusBits, random).setBit(modulusBits - 1).setBit(0);
        BigInteger base = new BigInteger(modulusBits, random).mod(modulus);
        if (base.signum() == 0) {
            base = BigInteger.ONE;
        }
        FixedBaseComb comb = FixedBaseComb.build(base, modulus, exponentBits);
        for (int i = 0; i < 3; i++) {
            BigInteger exponent = new BigInteger(exponentBits, random);
            assertEquals(base.modPow(exponent, modulus), comb.pow(exponent));
        }
    }

    @Property(tries = 1000)
    void montgomeryMultiplicationIsMultiplyThenMod(@ForAll @IntRange(min = 2, max = 1100) int modulusBits,
            @ForAll long seed) {
        java.util.Random random = new java.util.Random(seed);
        BigInteger modulus = new BigInteger(modulusBits, random).setBit(modulusBits - 1).setBit(0);
        // Extremes as well as random values: carries run through every limb at n - 1.
        BigInteger a = random.nextInt(4) == 0 ? modulus.subtract(BigInteger.ONE) : new BigInteger(modulusBits, random).mod(modulus);
        BigInteger b = random.nextInt(4) == 0 ? modulus.subtract(BigInteger.ONE) : new BigInteger(modulusBits, random).mod(modulus);
        Montgomery arithmetic = new Montgomery(modulus);
        long[] product = new long[arithmetic.limbs()];
        arithmetic.multiply(arithmetic.toMontgomery(a), arithmetic.toMontgomery(b), product, arithmetic.scratch());
        assertEquals(a.multiply(b).mod(modulus), arithmetic.fromMontgomery(product));
    }
}
