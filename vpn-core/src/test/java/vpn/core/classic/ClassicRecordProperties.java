package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import vpn.api.CipherProvider;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.testing.Mutations;
import vpn.core.testing.Vectors;
import vpn.core.testing.Wire;
import vpn.core.transport.Attempt;

/**
 * Classic records ({@link ClassicRecordWriter}, {@link ClassicRecordReader}) for every shipped
 * cipher and key size: a session of messages opens to what was sealed (less the trailing zeros
 * that zero padding cannot tell from data); a record changed in any way never verifies; any
 * bytes at all get a verdict, never an exception; the server reads records of at most
 * {@link ClassicProtocol#MAX_RECORD_CIPHERTEXT} bytes of ciphertext and its tag.
 */
class ClassicRecordProperties {

    private static final int SERVER_LIMIT = ClassicProtocol.MAX_RECORD_CIPHERTEXT + ClassicProtocol.TAG_HEX_LENGTH;

    /** A cipher at a key size, with the keys of one session (from a shared key the property chose). */
    record Suite(String cipher, int keySize, String sharedKey) {
        CipherProvider provider() {
            return Vectors.provider(cipher);
        }

        ClassicKeys keys() {
            return ClassicKeys.derive(sharedKey, provider(), keySize);
        }

        ClassicRecordWriter writer() {
            return new ClassicRecordWriter(provider(), keys());
        }

        ClassicRecordReader reader() {
            return new ClassicRecordReader(provider(), keys());
        }

        @Override
        public String toString() {
            return cipher + keySize;
        }
    }

    @Provide
    Arbitrary<Suite> suites() {
        Arbitrary<CipherProvider> providers = Arbitraries.of(Vectors.allProviders());
        Arbitrary<String> sharedKeys = Arbitraries.bytes().array(byte[].class).ofSize(32).map(ClassicKeys::sharedKeyHex);
        return providers.flatMap(p -> Combinators.combine(Arbitraries.of(p.keySizes()), sharedKeys)
                .as((size, key) -> new Suite(p.name(), size, key)));
    }

    @Provide
    Arbitrary<List<byte[]>> sessions() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300).list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 500)
    void aSessionOpensToWhatWasSealed(@ForAll("suites") Suite suite, @ForAll("sessions") List<byte[]> messages)
            throws ProtocolException {
        ClassicRecordWriter writer = suite.writer();
        ClassicRecordReader reader = suite.reader();
        for (byte[] message : messages) {
            byte[] record = writer.seal(message);
            assertEquals(writer.paddedLength(message.length) + ClassicProtocol.TAG_HEX_LENGTH, record.length);
            ClassicRecordReader.Opened opened = reader.open(verified(reader, record));
            assertArrayEquals(withoutTrailingZeros(message), opened.plaintext());
            assertEquals(record.length - ClassicProtocol.TAG_HEX_LENGTH, opened.plaintext().length + opened.padding());
        }
    }

    /** A changed record is never taken: it waits for more (not whole blocks) or fails its tag. */
    @Property(tries = 500)
    void aChangedRecordNeverVerifies(@ForAll("suites") Suite suite, @ForAll @Size(max = 100) byte[] message,
            @ForAll("mutations") List<Mutations.Mutation> mutations) {
        byte[] record = suite.writer().seal(message);
        byte[] changed = record;
        for (Mutations.Mutation mutation : mutations) {
            changed = mutation.apply(changed);
        }
        Attempt<ClassicRecordReader.Verified> attempt = suite.reader().attempt(changed, changed.length);
        assertEquals(Arrays.equals(record, changed), attempt instanceof Attempt.Complete);
        Wire.error(suite.reader(), changed).ifPresent(e -> assertEquals(Reason.BAD_TAG, e.reason()));
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    @Property
    void anyBytesGetAVerdict(@ForAll("suites") Suite suite, @ForAll @Size(max = 200) byte[] bytes) {
        Wire.error(suite.reader(), bytes).ifPresent(e -> assertEquals(Reason.BAD_TAG, e.reason()));
    }

    /**
     * The server reads records of up to {@link ClassicProtocol#MAX_RECORD_CIPHERTEXT} bytes of
     * ciphertext, and refuses one a block longer as oversize; the longest message a channel sends,
     * {@link ClassicProtocol#maxMessage}, fits.
     */
    @Property(tries = 30)
    void theServerReadsRecordsUpToTheLimit(@ForAll("suites") Suite suite, @ForAll @IntRange(min = -1, max = 1) int blocksBeyond)
            throws Exception {
        int blockSize = suite.provider().blockSize();
        assertTrue(suite.writer().paddedLength(ClassicProtocol.maxMessage(blockSize)) <= ClassicProtocol.MAX_RECORD_CIPHERTEXT);
        byte[] message = new byte[ClassicProtocol.MAX_RECORD_CIPHERTEXT + blocksBeyond * blockSize];
        Arrays.fill(message, (byte) 'x');
        byte[] record = suite.writer().seal(message);
        assertEquals(SERVER_LIMIT + blocksBeyond * blockSize, record.length);
        if (blocksBeyond <= 0) {
            ClassicRecordReader reader = suite.reader();
            assertArrayEquals(message, reader.open(Wire.read(record, reader, SERVER_LIMIT)).plaintext());
        } else {
            ProtocolException e = assertThrows(ProtocolException.class, () -> Wire.read(record, suite.reader(), SERVER_LIMIT));
            assertEquals(Reason.OVERSIZE, e.reason());
        }
    }

    private static ClassicRecordReader.Verified verified(ClassicRecordReader reader, byte[] record) {
        Attempt<ClassicRecordReader.Verified> attempt = reader.attempt(record, record.length);
        assertFalse(attempt instanceof Attempt.Fail, "a sealed record failed");
        if (attempt instanceof Attempt.Complete<ClassicRecordReader.Verified> complete) {
            return complete.value();
        }
        throw new AssertionError("a sealed record did not verify: " + attempt);
    }

    private static byte[] withoutTrailingZeros(byte[] message) {
        int end = message.length;
        while (end > 0 && message[end - 1] == 0) {
            end--;
        }
        return Arrays.copyOf(message, end);
    }
}
