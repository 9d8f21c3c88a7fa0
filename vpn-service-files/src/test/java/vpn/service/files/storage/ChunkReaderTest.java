package vpn.service.files.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesProtocol;

/** The sender's chunks: full DATA messages in order from one buffer, the digest of it all, no read past the end. */
class ChunkReaderTest {

    private static final int CHUNK = FilesProtocol.MAX_CHUNK_BYTES;

    /** A source over {@code bytes} that hands out at most {@code piece} bytes a read, as standard input does. */
    private static ChunkReader.Source source(byte[] bytes, int piece, AtomicInteger reads) {
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
        ChunkReader chunks = new ChunkReader(source(file, 4096, new AtomicInteger()), Sha256.digest());
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        int messages = 0;
        int length;
        while ((length = chunks.next()) > 0) {
            int messageLength = FilesCodec.writeDataHeader(7, chunks.message(), length);
            Data data = (Data) FilesCodec.decode(Arrays.copyOf(chunks.message(), messageLength));
            assertEquals(7, data.id());
            assertEquals(messages < 2 ? CHUNK : 100, data.length(), "little pieces are gathered into full chunks");
            back.writeBytes(data.bytes());
            messages++;
        }
        assertEquals(0, chunks.next(), "the end stays the end");
        assertEquals(3, messages);
        assertArrayEquals(file, back.toByteArray());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file), chunks.digest());
    }

    @Test
    void aDigestHoldingAResumedPrefixGoesOnFromIt() throws Exception {
        byte[] file = random(1000);
        MessageDigest prefix = Sha256.digest();
        prefix.update(file, 0, 400);
        ChunkReader chunks = new ChunkReader(source(Arrays.copyOfRange(file, 400, file.length), CHUNK,
                new AtomicInteger()), prefix);
        while (chunks.next() > 0) {
            // read to the end
        }
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(file), chunks.digest());
    }

    @Test
    void nothingIsReadAfterTheEnd() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ChunkReader chunks = new ChunkReader(source(new byte[0], CHUNK, reads), Sha256.digest());
        assertEquals(0, chunks.next());
        assertEquals(0, chunks.next());
        assertEquals(1, reads.get(), "a terminal would wait for more");
        assertArrayEquals(Sha256.empty(), chunks.digest());
    }

    @Test
    void aReadFailureComesAfterTheChunksBeforeIt() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        ChunkReader.Source good = source(random(CHUNK), CHUNK, reads);
        ChunkReader chunks = new ChunkReader(buffer -> {
            if (reads.get() < 1) {
                return good.read(buffer);
            }
            throw new IOException("Input/output error");
        }, Sha256.digest());
        assertEquals(CHUNK, chunks.next());
        IOException e = assertThrows(IOException.class, chunks::next);
        assertEquals("Input/output error", e.getMessage());
    }
}
