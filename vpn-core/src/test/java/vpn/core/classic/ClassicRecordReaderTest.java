package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Vectors;
import vpn.core.transport.MessageReader;

/**
 * The server's work on a classic record is linear in the bytes received, however the client cuts
 * the record into segments: a record has no length field, so the reader checks the tag at every
 * block boundary, and must not hash the whole prefix again each time (issue 11: a 64 KiB record
 * dribbled one byte per segment under XOR or None cost about 2 GB of SHA-256).
 */
class ClassicRecordReaderTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(30));

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"XOR", "None", "AES"})
    void aLargestRecordDribbledOneBytePerSegmentIsHashedOnce(String cipher) throws Exception {
        CipherProvider provider = Vectors.provider(cipher);
        ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(Vectors.ascii("dribble")), provider, 256);
        byte[] message = new byte[ClassicProtocol.maxMessage(provider.blockSize())];
        Arrays.fill(message, (byte) 'x');
        ClassicRecordWriter writer = new ClassicRecordWriter(provider, keys);
        byte[] first = writer.seal("a first record, so that the running state is not fresh".getBytes());
        byte[] record = writer.seal(message);

        PipeTransport[] pipe = PipeTransport.pair();
        pipe[0].write(first);
        int[] everyByte = new int[record.length - 1];
        Arrays.setAll(everyByte, i -> i + 1);
        pipe[0].writeSplit(record, everyByte);

        ClassicRecordReader records = new ClassicRecordReader(provider, keys);
        MessageReader reader = new MessageReader(pipe[1], LIMITS);
        int limit = ClassicProtocol.MAX_RECORD_CIPHERTEXT + ClassicProtocol.TAG_HEX_LENGTH;
        records.open(reader.read("record", records, limit, LIMITS.idleTimeout()));
        long before = records.bytesMaced();
        byte[] opened = records.open(reader.read("record", records, limit, LIMITS.idleTimeout())).plaintext();

        assertArrayEquals(message, opened);
        long maced = records.bytesMaced() - before;
        // Each byte of ciphertext once, however it was cut: the work is linear in the bytes received.
        assertEquals(record.length - ClassicProtocol.TAG_HEX_LENGTH, maced, cipher + ": " + maced
                + " bytes went through HMAC-SHA256 for a record of " + record.length + " bytes received one byte at a time");
    }
}
