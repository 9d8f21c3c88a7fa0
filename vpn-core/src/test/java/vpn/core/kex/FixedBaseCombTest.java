package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.core.ProtocolException;

/**
 * The fixed-base comb against {@link BigInteger#modPow} on the 8192-bit group at the exponents
 * where a comb goes wrong if it goes wrong anywhere: the ends of its rows and columns, a single
 * bit, all bits, the longest exponent, and random ones.
 */
class FixedBaseCombTest {

    private static final DhGroup GROUP = DhGroup.MODP_8192;
    private static final int BITS = 8 * GROUP.exponentBytes();
    /** Built once for the class: immutable, and a build is a fraction of a second. */
    private static final FixedBaseComb COMB = FixedBaseComb.build(GROUP.g(), GROUP.p(), BITS);

    private static BigInteger modPow(BigInteger exponent) {
        return GROUP.g().modPow(exponent, GROUP.p());
    }

    static Stream<BigInteger> edgeExponents() {
        List<BigInteger> exponents = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                BigInteger.valueOf(3), BigInteger.ONE.shiftLeft(BITS).subtract(BigInteger.ONE), // all ones, 704 bits
                BigInteger.ONE.shiftLeft(BITS - 1), // the longest exponent's top bit alone
                BigInteger.ONE.shiftLeft(BITS - 1).add(BigInteger.ONE)));
        for (int k : new int[] {7, 8, 10, 11, 12, 63, 64, 65, 87, 88, 89, 175, 176, 177, 350, 351, 352, 616, 703}) {
            exponents.add(BigInteger.ONE.shiftLeft(k)); // 2^k: each row and column boundary of the 8 x 88 x 11 comb
            exponents.add(BigInteger.ONE.shiftLeft(k).subtract(BigInteger.ONE)); // k ones
        }
        return exponents.stream();
    }

    @ParameterizedTest
    @MethodSource("edgeExponents")
    void equalsModPowAtTheEdges(BigInteger exponent) {
        assertEquals(modPow(exponent), COMB.pow(exponent), "2^" + exponent.toString(16) + " mod p");
    }

    @Test
    void equalsModPowForRandomExponentsOfEveryLength() {
        Random random = new Random(4600);
        for (int i = 0; i < 40; i++) {
            BigInteger exponent = new BigInteger(1 + random.nextInt(BITS), random);
            assertEquals(modPow(exponent), COMB.pow(exponent), "exponent " + exponent.toString(16));
        }
    }

    @Test
    void equalsModPowForExponentsAsKeyPairsDrawThem() {
        Random random = new Random(8192);
        byte[] bytes = new byte[GROUP.exponentBytes()];
        for (int i = 0; i < 20; i++) {
            random.nextBytes(bytes);
            BigInteger exponent = new BigInteger(1, bytes);
            assertEquals(modPow(exponent), COMB.pow(exponent));
        }
    }

    @Test
    void servesExactlyTheExponentsOfItsLength() {
        assertTrue(COMB.serves(BigInteger.ZERO));
        assertTrue(COMB.serves(BigInteger.ONE.shiftLeft(BITS).subtract(BigInteger.ONE)));
        assertFalse(COMB.serves(BigInteger.ONE.shiftLeft(BITS)));
        assertFalse(COMB.serves(BigInteger.ONE.negate()));
        assertThrows(IllegalArgumentException.class, () -> COMB.pow(BigInteger.ONE.shiftLeft(BITS)));
        assertThrows(IllegalArgumentException.class, () -> COMB.pow(BigInteger.valueOf(-1)));
    }

    @Test
    void refusesWhatItCannotServe() {
        BigInteger p = GROUP.p();
        assertThrows(IllegalArgumentException.class, () -> FixedBaseComb.build(BigInteger.ZERO, p, 10));
        assertThrows(IllegalArgumentException.class, () -> FixedBaseComb.build(p, p, 10));
        assertThrows(IllegalArgumentException.class, () -> FixedBaseComb.build(BigInteger.TWO, p, 0));
        assertThrows(IllegalArgumentException.class, () -> FixedBaseComb.build(BigInteger.TWO, BigInteger.TEN, 10));
    }

    /** Shorter exponents than the rows and columns: positions past a row's bits must not count twice. */
    @Test
    void smallCombsOnSmallModuliEqualModPow() {
        Random random = new Random(11);
        for (int bits : new int[] {1, 2, 3, 5, 8, 9, 13, 64, 65, 100}) {
            BigInteger modulus = BigInteger.probablePrime(61, random);
            BigInteger base = BigInteger.valueOf(3);
            FixedBaseComb comb = FixedBaseComb.build(base, modulus, bits);
            for (int i = 0; i < 50; i++) {
                BigInteger exponent = new BigInteger(bits, random);
                assertEquals(base.modPow(exponent, modulus), comb.pow(exponent), bits + "-bit comb, e = " + exponent);
            }
        }
    }

    @Test
    void theServersExponentiationUsesTheCombForItsOwnBaseOnly() throws ProtocolException {
        AtomicInteger delegated = new AtomicInteger();
        Exponentiation counting = (b, e, m) -> {
            delegated.incrementAndGet();
            return b.modPow(e, m);
        };
        FixedBaseExponentiation exponentiation = new FixedBaseExponentiation(GROUP, counting);
        BigInteger x = new BigInteger(BITS, new Random(5));
        assertEquals(modPow(x), exponentiation.modPow(GROUP.g(), x, GROUP.p()));
        assertEquals(0, delegated.get(), "the key pair's g^x comes from the table");

        BigInteger peer = BigInteger.valueOf(4);
        assertEquals(peer.modPow(x, GROUP.p()), exponentiation.modPow(peer, x, GROUP.p()));
        BigInteger tooLong = BigInteger.ONE.shiftLeft(BITS).add(BigInteger.ONE);
        assertEquals(modPow(tooLong), exponentiation.modPow(GROUP.g(), tooLong, GROUP.p()));
        BigInteger seven = BigInteger.valueOf(7);
        assertEquals(GROUP.g().modPow(x, seven), exponentiation.modPow(GROUP.g(), x, seven));
        assertEquals(3, delegated.get(), "another base, a longer exponent and another modulus go to modPow");
        assertSame(exponentiation.comb(), exponentiation.comb(), "built once");
    }

    @Test
    void keyPairsFromTheCombAgreeWithClients() throws ProtocolException {
        SecureRandom random = new SecureRandom();
        DiffieHellman server = new DiffieHellman(GROUP, random, new FixedBaseExponentiation(GROUP, Exponentiation.DIRECT));
        DiffieHellman client = new DiffieHellman(GROUP, random);
        DhKeyPair own = server.generateKeyPair();
        DhKeyPair peer = client.generateKeyPair();
        assertEquals(GROUP.g().modPow(own.privateExponent(), GROUP.p()), own.publicValue());
        assertArrayEquals(client.agree(peer, own.publicValue()),
                server.agree(own, peer.publicValue()));
    }
}
