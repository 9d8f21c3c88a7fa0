package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vpn.core.ProtocolException;

/** The gate with a fake, slow exponentiation that counts how many run at once. */
@Timeout(30)
class ExponentiationGateTest {

    private final java.util.List<ExponentiationGate> gates = new java.util.ArrayList<>();

    /** A gate closed after the test. */
    private ExponentiationGate gate(int permits, Duration maxWait, Exponentiation operation) {
        ExponentiationGate gate = new ExponentiationGate(permits, maxWait, operation);
        gates.add(gate);
        return gate;
    }

    @org.junit.jupiter.api.AfterEach
    void closeGates() {
        gates.forEach(ExponentiationGate::close);
    }

    /** An exponentiation that takes {@code millis} and records the highest concurrency it saw. */
    private static final class SlowCounting implements Exponentiation {
        private final long millis;
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger maxRunning = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        SlowCounting(long millis) {
            this.millis = millis;
        }

        @Override
        public BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            calls.incrementAndGet();
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.decrementAndGet();
            }
            return base.modPow(exponent, modulus);
        }
    }

    @Test
    void manyCallersNeverRunMoreThanThePermitsAtOnce() throws Exception {
        SlowCounting slow = new SlowCounting(20);
        ExponentiationGate gate = gate(1, Duration.ofSeconds(20), slow);
        int callers = 12;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BigInteger>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                BigInteger base = BigInteger.valueOf(3 + i);
                results.add(threads.submit(() -> {
                    start.await();
                    return gate.modPow(base, BigInteger.TWO, BigInteger.valueOf(1_000_003));
                }));
            }
            start.countDown();
            for (int i = 0; i < callers; i++) {
                assertEquals(BigInteger.valueOf((3 + i) * (3 + i)), results.get(i).get());
            }
        }
        assertEquals(callers, slow.calls.get());
        assertEquals(1, slow.maxRunning.get(), "at most one exponentiation at a time");
    }

    @Test
    void twoPermitsLetTwoRunTogether() throws Exception {
        SlowCounting slow = new SlowCounting(100);
        ExponentiationGate gate = gate(2, Duration.ofSeconds(20), slow);
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<BigInteger>> results = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                results.add(threads.submit(() -> {
                    start.await();
                    return gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN);
                }));
            }
            start.countDown();
            for (Future<BigInteger> result : results) {
                result.get();
            }
        }
        assertTrue(slow.maxRunning.get() <= 2, "max running: " + slow.maxRunning.get());
    }

    @Test
    void aCallerThatCannotStartBeforeTheDeadlineIsRefused() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Exponentiation held = (base, exponent, modulus) -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return base.modPow(exponent, modulus);
        };
        ExponentiationGate gate = gate(1, Duration.ofMillis(200), held);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<BigInteger> first = threads.submit(() -> gate.modPow(BigInteger.TWO, BigInteger.TEN, BigInteger.TEN));
            inside.await();
            assertFalse(gate.idle(), "the only permit is taken");
            long started = System.nanoTime();
            ProtocolException refused = assertThrows(ProtocolException.class,
                    () -> gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(ProtocolException.Reason.BUSY, refused.reason());
            assertTrue(refused.getMessage().contains("busy"), refused.getMessage());
            assertTrue(waitedMillis >= 150, "waited the deadline first: " + waitedMillis + " ms");
            release.countDown();
            assertEquals(BigInteger.valueOf(4), first.get());
        }
        assertTrue(gate.idle(), "the permit came back");
    }

    @Test
    void aRefusalOrAFailureGivesThePermitBack() throws Exception {
        Exponentiation failing = (base, exponent, modulus) -> {
            throw new ArithmeticException("boom");
        };
        ExponentiationGate gate = gate(1, Duration.ofMillis(100), failing);
        assertThrows(ArithmeticException.class, () -> gate.modPow(BigInteger.TWO, BigInteger.TWO, BigInteger.TEN));
        assertTrue(gate.idle());
    }

    @Test
    void theExponentiationRunsOnAPlatformThreadOfTheGateNotOnTheCaller() throws Exception {
        // A modPow never yields: on a virtual caller it would hold a carrier thread that other sessions need.
        java.util.concurrent.atomic.AtomicReference<Thread> ranOn = new java.util.concurrent.atomic.AtomicReference<>();
        Exponentiation recording = (base, exponent, modulus) -> {
            ranOn.set(Thread.currentThread());
            return base.modPow(exponent, modulus);
        };
        try (ExponentiationGate gate = new ExponentiationGate(1, Duration.ofSeconds(5), recording);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            assertEquals(BigInteger.valueOf(8), threads.submit(
                    () -> gate.modPow(BigInteger.TWO, BigInteger.valueOf(3), BigInteger.TEN)).get());
        }
        assertFalse(ranOn.get().isVirtual(), ranOn.get().toString());
        assertTrue(ranOn.get().getName().startsWith("vpn-exponentiation-"), ranOn.get().getName());
    }

    @Test
    void thePermitsMustBePositive() {
        assertThrows(IllegalArgumentException.class,
                () -> new ExponentiationGate(0, Duration.ofSeconds(1), Exponentiation.DIRECT));
    }
}
