package vpn.service.files.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesProtocol;

/**
 * The sending side of a transfer: reads a source into DATA messages, one chunk at a time, in one
 * buffer it reuses, and hashes each chunk as it is read. Reading, hashing and sending on one thread
 * costs less CPU than handing each chunk to another thread (docs/performance.md, "Files"), and
 * memory stays one chunk whatever the file's size.
 *
 * <p>Per chunk: {@link #next} reads it; the caller writes the header with
 * {@link FilesCodec#writeDataHeader} into {@link #message} and sends that range before the next call.
 */
public final class ChunkReader {

    /** Where the bytes come from: reads some into the buffer's remaining space; -1 at the end. */
    @FunctionalInterface
    public interface Source {
        int read(ByteBuffer buffer) throws IOException;
    }

    private final Source source;
    private final MessageDigest digest;
    private final byte[] message = new byte[FilesCodec.DATA_OFFSET + FilesProtocol.MAX_CHUNK_BYTES];
    private final ByteBuffer chunk = ByteBuffer.wrap(message);
    private boolean atEnd;

    /** Reads {@code source} from where it stands, updating {@code digest} (which may hold a resumed prefix). */
    public ChunkReader(Source source, MessageDigest digest) {
        this.source = source;
        this.digest = digest;
    }

    /**
     * Reads the next chunk into {@link #message} from {@link FilesCodec#DATA_OFFSET} on, as full as
     * the source allows (standard input delivers little pieces), and hashes it. Never reads again
     * after the end, where a terminal would wait for more.
     *
     * @return the chunk's length; 0 at the end
     * @throws IOException if reading the source failed (its own message)
     */
    public int next() throws IOException {
        chunk.clear().position(FilesCodec.DATA_OFFSET);
        while (chunk.hasRemaining() && !atEnd) {
            atEnd = source.read(chunk) < 0;
        }
        int length = chunk.position() - FilesCodec.DATA_OFFSET;
        digest.update(message, FilesCodec.DATA_OFFSET, length);
        return length;
    }

    /** The buffer each chunk is read into: the caller's until the next {@link #next}. */
    public byte[] message() {
        return message;
    }

    /** The SHA-256 of the prefix and of every chunk read; the end of this reader's use. */
    public byte[] digest() {
        return digest.digest();
    }
}
