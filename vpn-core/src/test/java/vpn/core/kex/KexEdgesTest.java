package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/** The key exchange's boundaries: exponents, peer values, the gate's permits and its failures. */
@Timeout(30)
class KexEdgesTest {

    private static final DhGroup SMALL = new DhGroup("p23", BigInteger.valueOf(23), BigInteger.valueOf(5), 1);
    private static final BigInteger P = DhGroup.MODP_8192.p();

    /** Hands out the given bytes as its "random" ones, one value per call. */
    private static final class Scripted extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final transient Deque<Integer> values = new ArrayDeque<>();

        Scripted(int... values) {
            for (int value : values) {
                this.values.add(value);
            }
        }

        @Override
        public void nextBytes(byte[] bytes) {
            java.util.Arrays.fill(bytes, (byte) 0);
            bytes[bytes.length - 1] = (byte) (int) values.removeFirst();
        }
    }

    /** Exponents 0 and 1 are drawn again (they would make g^x known); 2 is the smallest taken. */
    @Test
    void anExponentBelowTwoIsDrawnAgainAndTwoIsTaken() throws ProtocolException {
        List<BigInteger> exponents = new ArrayList<>();
        Exponentiation recording = (base, exponent, modulus) -> {
            exponents.add(exponent);
            return base.modPow(exponent, modulus);
        };
        DiffieHellman dh = new DiffieHellman(SMALL, new Scripted(0, 1, 2), recording);
        DhKeyPair pair = dh.generateKeyPair();
        assertEquals(List.of(BigInteger.TWO), exponents);
        assertEquals(BigInteger.TWO, pair.privateExponent());
        assertEquals(BigInteger.valueOf(25 % 23), pair.publicValue());
        assertEquals("DhKeyPair[public=2 bits, private=(hidden)]", pair.toString());
    }

    /** The exponent is unsigned: a first byte of 0xff is not a negative number. */
    @Test
    void theExponentBytesAreUnsigned() throws ProtocolException {
        DhKeyPair pair = new DiffieHellman(SMALL, new Scripted(0xff)).generateKeyPair();
        assertEquals(BigInteger.valueOf(255), pair.privateExponent());
        assertEquals(BigInteger.valueOf(5).modPow(BigInteger.valueOf(255), BigInteger.valueOf(23)), pair.publicValue());
    }

    /**
     * Just inside the range on both ends: 3 (a residue mod this p) is accepted, p-2 passes the range
     * check and fails the residue test; 2 and p-1, just outside, are refused for their range.
     */
    @Test
    void peerValuesAtTheEdgesOfTheRange() throws ProtocolException {
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, new SecureRandom());
        dh.checkPeerValue(BigInteger.valueOf(3));
        assertEquals("invalid DH public value: not a quadratic residue",
                assertThrows(ProtocolException.class, () -> dh.checkPeerValue(P.subtract(BigInteger.TWO))).getMessage());
        for (BigInteger outside : List.of(BigInteger.TWO, P.subtract(BigInteger.ONE))) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> dh.checkPeerValue(outside));
            assertEquals(Reason.INVALID_KEY_SHARE, e.reason());
            assertEquals("invalid DH public value: out of range", e.getMessage());
        }
    }

    /** The secret is y^x mod p in toByteArray's form, computed through the given exponentiation. */
    @Test
    void theSecretIsTheExponentiationsResultInToByteArrayForm() throws ProtocolException {
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, new Scripted(3));
        DhKeyPair own = dh.generateKeyPair();
        BigInteger peer = BigInteger.valueOf(0xff).pow(2);   // a square: a residue, and 0xff.. gives a sign byte
        assertArrayEquals(peer.modPow(BigInteger.valueOf(3), P).toByteArray(), dh.agree(own, peer));
        assertSame(DhGroup.MODP_8192, dh.group());
    }

    @Test
    void theLongestPublicValueHasTheDigitsOfPMinusOne() {
        assertEquals(P.subtract(BigInteger.ONE).toString().length(), DhGroup.MODP_8192.maxDecimalDigits());
        assertEquals(2, new DhGroup("p23", BigInteger.valueOf(23), BigInteger.TWO, 1).maxDecimalDigits());
        assertEquals(1, new DhGroup("p7", BigInteger.valueOf(7), BigInteger.valueOf(3), 1).maxDecimalDigits());
    }

    // ---- Jacobi: every branch against Euler's criterion on small odd moduli ----

    @Test
    void jacobiMatchesTheProductOfLegendreSymbols() {
        int[] primes = {3, 5, 7, 11, 13, 17, 19, 23};
        for (int p : primes) {
            for (int q : primes) {
                BigInteger n = BigInteger.valueOf((long) p * q);
                for (int a = -3; a < p * q + 3; a++) {
                    BigInteger big = BigInteger.valueOf(a);
                    assertEquals(legendre(big, p) * legendre(big, q), Jacobi.symbol(big, n), "(" + a + "/" + n + ")");
                }
            }
        }
    }

    @Test
    void jacobiOfOneModulusIsOneAndBadModuliAreRefused() {
        assertEquals(1, Jacobi.symbol(BigInteger.valueOf(7), BigInteger.ONE));
        assertThrows(IllegalArgumentException.class, () -> Jacobi.symbol(BigInteger.ONE, BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Jacobi.symbol(BigInteger.ONE, BigInteger.valueOf(-3)));
        assertThrows(IllegalArgumentException.class, () -> Jacobi.symbol(BigInteger.ONE, BigInteger.TWO));
    }

    private static int legendre(BigInteger a, int p) {
        BigInteger prime = BigInteger.valueOf(p);
        BigInteger r = a.mod(prime).modPow(BigInteger.valueOf((p - 1) / 2), prime);
        return r.signum() == 0 ? 0 : r.equals(BigInteger.ONE) ? 1 : -1;
    }

    // ---- the gate ----

    @Test
    void oneIsTheFewestPermits() throws Exception {
        assertEquals("permits must be positive, not 0", assertThrows(IllegalArgumentException.class,
                () -> new ExponentiationGate(0, Duration.ofSeconds(1), Exponentiation.DIRECT)).getMessage());
        try (ExponentiationGate gate = new ExponentiationGate(1, Duration.ofSeconds(5), Exponentiation.DIRECT)) {
            assertEquals(BigInteger.valueOf(4), gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN));
        }
    }

    /** Idle while fewer than all permits are taken: with two permits, one running still leaves it idle, two do not. */
    @Test
    void theGateIsIdleUntilEveryPermitIsTaken() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(2);
        Exponentiation blocking = (base, exponent, modulus) -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return base.modPow(exponent, modulus);
        };
        try (ExponentiationGate gate = new ExponentiationGate(2, Duration.ofSeconds(10), blocking);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertTrue(gate.idle());
            Future<BigInteger> first = threads.submit(() -> gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN));
            while (started.getCount() == 2) {
                Thread.onSpinWait();
            }
            assertTrue(gate.idle(), "one of two permits taken");
            Future<BigInteger> second = threads.submit(() -> gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN));
            started.await();
            assertFalse(gate.idle(), "both permits taken");
            release.countDown();
            assertEquals(BigInteger.valueOf(4), first.get());
            assertEquals(BigInteger.valueOf(4), second.get());
            assertTrue(gate.idle(), "permits given back");
        }
    }

    @Test
    void aClosedGateRefusesAsBusyAndGivesThePermitBack() {
        ExponentiationGate gate = new ExponentiationGate(1, Duration.ofSeconds(1), Exponentiation.DIRECT);
        gate.close();
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN));
        assertEquals(Reason.BUSY, e.reason());
        assertTrue(gate.idle());
    }

    /** The operation's own ProtocolException reaches the caller as it is. */
    @Test
    void theOperationsProtocolExceptionIsPassedOn() {
        ProtocolException busy = new ProtocolException(Reason.BUSY, "inner");
        Exponentiation refusing = (base, exponent, modulus) -> {
            throw busy;
        };
        try (ExponentiationGate gate = new ExponentiationGate(1, Duration.ofSeconds(5), refusing)) {
            assertSame(busy, assertThrows(ProtocolException.class,
                    () -> gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN)));
            assertTrue(gate.idle());
        }
    }

    /** A caller interrupted while waiting gets BUSY, keeps its interrupt, and frees its place. */
    @Test
    void anInterruptedCallerIsRefusedAsBusy() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Exponentiation blocking = (base, exponent, modulus) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return base.modPow(exponent, modulus);
        };
        try (ExponentiationGate gate = new ExponentiationGate(1, Duration.ofSeconds(20), blocking);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<BigInteger> holder = threads.submit(() -> gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN));
            List<Object> outcome = new ArrayList<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                try {
                    gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN);
                    outcome.add("computed");
                } catch (ProtocolException e) {
                    outcome.add(e.reason());
                    outcome.add(Thread.currentThread().isInterrupted());
                }
            });
            Thread.sleep(100);
            waiter.interrupt();
            waiter.join();
            assertEquals(List.of(Reason.BUSY, true), outcome);
            release.countDown();
            assertEquals(BigInteger.valueOf(4), holder.get());
            assertTrue(gate.idle());
        }
    }

    @Test
    void perProcessorHasOnePermitPerProcessor() throws Exception {
        try (ExponentiationGate gate = ExponentiationGate.perProcessor(Duration.ofSeconds(5))) {
            assertTrue(gate.idle());
            assertEquals(BigInteger.valueOf(8), gate.modPow(BigInteger.TWO, BigInteger.valueOf(3), BigInteger.TEN));
        }
    }

    // ---- the pool ----

    /** An empty pool computes a pair on the caller's thread. */
    @Test
    void anEmptyPoolComputesOnDemandAndCountsHeldBackFills() throws Exception {
        DiffieHellman dh = new DiffieHellman(SMALL, new SecureRandom());
        try (KeyPairPool pool = new KeyPairPool(dh, 1, () -> false)) {
            DhKeyPair pair = pool.get();
            assertEquals(BigInteger.valueOf(5).modPow(pair.privateExponent(), BigInteger.valueOf(23)), pair.publicValue());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (pool.heldBack() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(pool.heldBack() > 0);
            assertEquals(0, pool.ready());
        }
    }

}
