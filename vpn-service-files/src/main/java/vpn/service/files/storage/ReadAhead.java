package vpn.service.files.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesProtocol;

/**
 * The sending side of a transfer, split in two: a thread of its own reads the file ahead into DATA
 * messages and hashes them, while the sending thread seals and sends. Per byte, a sender's work is
 * AES-CBC (which cannot be split: each block needs the one before), HMAC-SHA256, and the SHA-256
 * of the file; the last one is done here, beside the other two (docs/performance.md, "Files").
 * At most {@link #DEPTH} messages wait, so memory stays bounded whatever the file's size.
 *
 * <p>One consumer: {@link #next} until it returns null, then {@link #digest}; and {@link #close}
 * in every case, which stops the reader if the consumer gave up early.
 */
public final class ReadAhead implements AutoCloseable {

    /** Messages read ahead: 4 chunks, 256 KiB per transfer. */
    static final int DEPTH = 4;

    /** Where the bytes come from: reads some into the buffer's remaining space; -1 at the end. */
    @FunctionalInterface
    public interface Source {
        int read(ByteBuffer buffer) throws IOException;
    }

    /** What the reader puts last: the end of the source (null) or why reading failed. */
    private record Last(IOException failure) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(DEPTH);
    private final MessageDigest digest;
    private volatile boolean stopped;
    /** Consumer's side: the end reached, or the failure that took its place. */
    private boolean ended;
    private IOException failure;
    private Thread reader;

    private ReadAhead(MessageDigest digest) {
        this.digest = digest;
    }

    /**
     * Starts reading {@code source} from where it stands into DATA messages of request {@code id},
     * each as full as the source allows, updating {@code digest} (which may hold a resumed prefix).
     *
     * @param name the reading thread's name
     */
    public static ReadAhead start(int id, Source source, MessageDigest digest, String name) {
        ReadAhead readAhead = new ReadAhead(digest);
        readAhead.reader = Thread.ofVirtual().name(name).start(() -> readAhead.read(id, source));
        return readAhead;
    }

    private void read(int id, Source source) {
        Last last = new Last(null);
        try {
            boolean atEnd = false;
            while (!atEnd && !stopped) {
                byte[] message = new byte[FilesCodec.DATA_OFFSET + FilesProtocol.MAX_CHUNK_BYTES];
                ByteBuffer chunk = ByteBuffer.wrap(message, FilesCodec.DATA_OFFSET, FilesProtocol.MAX_CHUNK_BYTES);
                // Fills the chunk: standard input delivers little pieces. Never reads again after
                // the end, where a terminal would wait for more.
                while (chunk.hasRemaining() && !atEnd) {
                    atEnd = source.read(chunk) < 0;
                }
                int length = chunk.position() - FilesCodec.DATA_OFFSET;
                if (length > 0) {
                    digest.update(message, FilesCodec.DATA_OFFSET, length);
                    queue.put(FilesCodec.data(id, message, length));
                }
            }
        } catch (IOException e) {
            last = new Last(e);
        } catch (InterruptedException e) {
            return;
        }
        if (stopped) {
            return; // nobody reads any more; close() made room, so the put above did not block
        }
        try {
            queue.put(last);
        } catch (InterruptedException e) {
            // nobody waits
        }
    }

    /**
     * The next DATA message, waiting for it; null after the last one.
     *
     * @throws IOException if reading the source failed (its own message)
     */
    public byte[] next() throws IOException {
        if (failure != null) {
            throw failure;
        }
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        if (item instanceof Last last) {
            if (last.failure() != null) {
                failure = last.failure();
                throw failure;
            }
            ended = true;
            return null;
        }
        return (byte[]) item;
    }

    /** The SHA-256 of everything read (and of the prefix the digest held), once {@link #next} returned null. */
    public byte[] digest() {
        if (!ended) {
            throw new IllegalStateException("the source has not been read to its end");
        }
        return digest.digest();
    }

    /**
     * Stops the reader if it is still going: it ends after the chunk in hand, without blocking
     * (the queue is emptied, so its last put finds room), and never reads the source again.
     */
    @Override
    public void close() {
        stopped = true;
        queue.clear();
    }

    /** Waits for the reading thread to end (tests: that it does after {@link #close}). */
    boolean awaitReader(Duration timeout) throws InterruptedException {
        return reader.join(timeout);
    }
}
