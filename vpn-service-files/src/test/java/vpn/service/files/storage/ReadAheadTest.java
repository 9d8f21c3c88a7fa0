package vpn.service.files.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesProtocol;

/** The read-ahead thread: full DATA messages in order, the digest of it all, failures in place, an early stop. */
class ReadAheadTest {

    private static final int CHUNK = FilesProtocol.MAX_CHUNK_BYTES;

    /** A source over {@code bytes} that hands out at most {@code piece} bytes a read, as standard input does. */
    private static ReadAhead.Source source(byte[] bytes, int piece, AtomicInteger reads) {
        int[] at = {0};
        return buffer -> {
            reads.incrementAndGet();
            if (at[0] == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(piece, buffer.remaining()), bytes.length - at[0]);
            buffer.put(bytes, at[0], n);
            at[0] += n;
            return n;
        };
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }

    @Test
    void theMessagesCarryTheSourceInFullChunksAndTheDigestCoversIt() throws Exception {
        byte[] file = random(2 * CHUNK + 100);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int messages = 0;
        try (ReadAhead chunks = ReadAhead.start(7, source(file, 4096, new AtomicInteger()), Sha256.digest(), "t")) {
            byte[] message;
            while ((message = chunks.next()) != null) {
                Data data = (Data) FilesCodec.decode(message);
                assertEquals(7, data.id());
                assertEquals(messages < 2 ? CHUNK : 100, data.bytes().length, "little pieces are gathered into full chunks");
                back.writeBytes(data.bytes());
                messages++;
            }
            assertNull(chunks.next(), "the end stays the end");
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file), chunks.digest());
        }
        assertEquals(3, messages);
        assertArrayEquals(file, back.toByteArray());
    }

    @Test
    void aDigestHoldingAResumedPrefixGoesOnFromIt() throws Exception {
        byte[] file = random(1000);
        MessageDigest prefix = Sha256.digest();
        prefix.update(file, 0, 400);
        byte[] rest = Arrays.copyOfRange(file, 400, file.length);
        try (ReadAhead chunks = ReadAhead.start(1, source(rest, CHUNK, new AtomicInteger()), prefix, "t")) {
            while (chunks.next() != null) {
                // drain
            }
            assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file), chunks.digest());
        }
    }

    @Test
    void anEmptySourceGivesNoMessage() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        try (ReadAhead chunks = ReadAhead.start(1, source(new byte[0], CHUNK, reads), Sha256.digest(), "t")) {
            assertNull(chunks.next());
            assertArrayEquals(Sha256.empty(), chunks.digest());
        }
        assertEquals(1, reads.get(), "nothing is read after the end (a terminal would wait for more)");
    }

    @Test
    void aReadFailureComesAfterTheChunksBeforeIt() throws Exception {
        byte[] first = random(CHUNK);
        AtomicInteger reads = new AtomicInteger();
        ReadAhead.Source good = source(first, CHUNK, reads);
        ReadAhead.Source failing = buffer -> {
            if (reads.get() < 1) {
                return good.read(buffer);
            }
            throw new IOException("Input/output error");
        };
        try (ReadAhead chunks = ReadAhead.start(1, failing, Sha256.digest(), "t")) {
            assertEquals(FilesProtocol.MAX_MESSAGE_BYTES, chunks.next().length);
            IOException e = assertThrows(IOException.class, chunks::next);
            assertEquals("Input/output error", e.getMessage());
            assertThrows(IllegalStateException.class, chunks::digest, "no digest of a source not read to its end");
        }
    }

    @Test
    void closingEarlyEndsTheReader() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ReadAhead.Source endless = buffer -> {
            reads.incrementAndGet();
            int n = buffer.remaining();
            buffer.position(buffer.limit());
            return n;
        };
        ReadAhead chunks = ReadAhead.start(1, endless, Sha256.digest(), "t");
        assertEquals(FilesProtocol.MAX_MESSAGE_BYTES, chunks.next().length);
        chunks.close(); // the reader may be waiting on a full queue, or reading: either way it ends
        assertTrue(chunks.awaitReader(Duration.ofSeconds(5)), "the reader ended");
        assertTrue(reads.get() <= ReadAhead.DEPTH + 3, "it read at most a chunk past a full queue: " + reads.get());
    }
}
