package vpn.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import vpn.api.AeadKnownAnswer;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;

/**
 * Runs a provider's own known-answer vectors, and a round trip at each advertised key size,
 * before the provider is offered to any peer. A module that computes the wrong thing (a bad
 * build, a swapped engine, a chain that does not carry over) is refused instead of silently
 * failing every session.
 */
final class SelfTest {

    private SelfTest() {
    }

    /** What failed, in words; empty when the provider passes. */
    static List<String> failures(CipherProvider provider) {
        return provider.aead()
                ? run(provider, "aeadKnownAnswers()", provider::aeadKnownAnswers, AeadKnownAnswer::source,
                        AeadSelfTest::checkVector, AeadSelfTest::checkRoundTrip)
                : run(provider, "knownAnswers()", provider::knownAnswers, KnownAnswer::source,
                        SelfTest::checkVector, SelfTest::checkRoundTrip);
    }

    /** One check of a provider, which adds what it finds wrong to {@code failures}. */
    interface Check<T> {
        void check(CipherProvider provider, T subject, List<String> failures);
    }

    /** Every vector, then a round trip at every key size; what throws is a failure too. */
    private static <V> List<String> run(CipherProvider provider, String method, Supplier<List<V>> vectors,
            Function<V, String> source, Check<V> vectorCheck, Check<Integer> roundTrip) {
        List<V> known;
        try {
            known = vectors.get();
        } catch (RuntimeException e) {
            return List.of(method + " threw " + e);
        }
        if (known == null || known.isEmpty()) {
            return List.of("it ships no known-answer vectors");
        }
        List<String> failures = new ArrayList<>();
        for (V vector : known) {
            try {
                vectorCheck.check(provider, vector, failures);
            } catch (RuntimeException e) {
                failures.add("vector " + source.apply(vector) + " threw " + e);
            }
        }
        for (int keySize : provider.keySizes()) {
            try {
                roundTrip.check(provider, keySize, failures);
            } catch (RuntimeException e) {
                failures.add("key size " + keySize + " threw " + e);
            }
        }
        return failures;
    }

    private static void checkVector(CipherProvider provider, KnownAnswer vector, List<String> failures) {
        int length = vector.plaintext().length;
        if (length == 0 || length % provider.blockSize() != 0) {
            failures.add("vector " + vector.source() + " is not a whole number of blocks");
            return;
        }
        byte[] encrypted = inTwoCalls(provider.newCipher(Direction.ENCRYPT, vector.key(), vector.iv()),
                vector.plaintext(), provider.blockSize());
        if (!Arrays.equals(encrypted, vector.ciphertext())) {
            failures.add("vector " + vector.source() + ": encryption gives the wrong ciphertext");
        }
        byte[] decrypted = inTwoCalls(provider.newCipher(Direction.DECRYPT, vector.key(), vector.iv()),
                vector.ciphertext(), provider.blockSize());
        if (!Arrays.equals(decrypted, vector.plaintext())) {
            failures.add("vector " + vector.source() + ": decryption gives the wrong plaintext");
        }
    }

    /** Every advertised size must take a key of its {@code keyLength} and decrypt what it encrypts. */
    private static void checkRoundTrip(CipherProvider provider, Integer keySize, List<String> failures) {
        byte[] key = new byte[provider.keyLength(keySize)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x31 + i * 7);
        }
        byte[] iv = new byte[provider.blockSize()];
        Arrays.fill(iv, (byte) 0x5a);
        byte[] message = Arrays.copyOf("self-test: the quick brown fox".getBytes(StandardCharsets.US_ASCII),
                provider.blockSize() * Math.max(2, 64 / provider.blockSize()));
        byte[] ciphertext = inTwoCalls(provider.newCipher(Direction.ENCRYPT, key, iv), message, provider.blockSize());
        byte[] plaintext = inTwoCalls(provider.newCipher(Direction.DECRYPT, key, iv), ciphertext, provider.blockSize());
        if (!Arrays.equals(plaintext, message)) {
            failures.add("key size " + keySize + ": decrypting what it encrypted does not give the message back");
        }
    }

    /** Processes {@code input} as two calls split at a block boundary, as sessions do across messages. */
    private static byte[] inTwoCalls(SessionCipher cipher, byte[] input, int blockSize) {
        int blocks = input.length / blockSize;
        int first = (blocks / 2) * blockSize;
        byte[] output = new byte[input.length];
        cipher.process(input, 0, first, output, 0);
        cipher.process(input, first, input.length - first, output, first);
        return output;
    }
}
