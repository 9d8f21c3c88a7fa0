package vpn.service.files.storage;

import java.io.InterruptedIOException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A file's SHA-256 taken on a thread of its own, for the receiving side of a transfer (the server
 * of a put, the client of a get): the receiving thread verifies, decrypts and writes each chunk,
 * and hands it over here instead of hashing it too. Hashing cannot fail, so errors stay where they were (a write fails on the chunk
 * that failed). At most {@link #DEPTH} chunks wait; the chunks handed over must not change
 * afterwards.
 *
 * <p>One owner thread: {@link #update} per chunk, then {@link #digest}; or {@link #close} to give
 * up, which ends the hashing thread.
 */
public final class DigestBehind implements AutoCloseable {

    /** Chunks waiting to be hashed: 4, 256 KiB per transfer. */
    static final int DEPTH = 4;

    /** Bytes to hash: {@code length} bytes of {@code array} from {@code offset}. */
    private record Chunk(byte[] array, int offset, int length) {
    }

    /** What the owner puts last: no more chunks (compared by identity). */
    private static final Chunk END = new Chunk(new byte[0], 0, 0);

    private final BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH);
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final Thread hasher;
    private volatile boolean stopped;
    private boolean ended;

    private DigestBehind(MessageDigest digest, String name) {
        this.hasher = Thread.ofVirtual().name(name).start(() -> hash(digest));
    }

    /**
     * Starts hashing on a new thread; {@code digest} may hold a prefix already (a resumed upload),
     * and belongs to that thread from now on.
     */
    public static DigestBehind start(MessageDigest digest, String name) {
        return new DigestBehind(digest, name);
    }

    private void hash(MessageDigest digest) {
        try {
            while (true) {
                Chunk chunk = queue.take();
                if (chunk == END) {
                    result.complete(stopped ? null : digest.digest());
                    return;
                }
                if (!stopped) {
                    digest.update(chunk.array(), chunk.offset(), chunk.length());
                }
            }
        } catch (InterruptedException e) {
            result.cancel(false);
        }
    }

    /** Hashes {@code chunk} after those before it; waits while {@link #DEPTH} chunks are waiting. */
    public void update(byte[] chunk) throws InterruptedIOException {
        update(chunk, 0, chunk.length);
    }

    /**
     * Hashes {@code length} bytes of {@code array} from {@code offset} after those before them,
     * later: nothing may change them afterwards. Waits while {@link #DEPTH} chunks are waiting.
     */
    public void update(byte[] array, int offset, int length) throws InterruptedIOException {
        if (ended) {
            throw new IllegalStateException("the digest was taken or given up");
        }
        try {
            queue.put(new Chunk(array, offset, length));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        }
    }

    /** The SHA-256 of the prefix and of every chunk, once they are hashed. */
    public byte[] digest() throws InterruptedIOException {
        if (ended) {
            throw new IllegalStateException("the digest was taken or given up");
        }
        ended = true;
        try {
            queue.put(END);
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while hashing");
        } catch (ExecutionException e) {
            throw new IllegalStateException("hashing does not fail", e);
        }
    }

    /** Gives up (the upload failed or was interrupted): the hashing thread ends without hashing what waits. */
    @Override
    public void close() {
        if (ended) {
            return;
        }
        ended = true;
        stopped = true;
        queue.clear();
        queue.offer(END); // the owner is the only one who puts, and the queue was just emptied
    }

    /** Waits for the hashing thread to end (tests: that it does). */
    boolean awaitHasher(Duration timeout) throws InterruptedException {
        return hasher.join(timeout);
    }
}
