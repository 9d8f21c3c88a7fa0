package vpn.service.files.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * Starts writing a file that is being received to the disk while it still arrives, so that the
 * fsync before its rename finds little left to do. Linux leaves up to a tenth of memory dirty
 * before it writes back on its own, so without this a 1 GiB file met its final fsync whole: half a
 * second at the end of each transfer on the machine of docs/performance.md, with nothing else to
 * do meanwhile.
 *
 * <p>Every {@link #EVERY} bytes written, the file's data is forced (fdatasync) on a thread of its
 * own, one at a time: a write-back still running when the next is due makes it wait for the next
 * round. Errors are left to the final fsync, which reports them. One owner thread calls
 * {@link #written}.
 */
final class WriteBack {

    /** How many bytes are written between two write-backs. */
    static final long EVERY = 32L << 20;

    private final FileChannel channel;
    private final long every;
    private long sinceLast;
    private int started;
    private Thread running;

    WriteBack(FileChannel channel) {
        this(channel, EVERY);
    }

    WriteBack(FileChannel channel, long every) {
        this.channel = channel;
        this.every = every;
    }

    /** Counts {@code bytes} more written; starts a write-back when {@code every} have been since the last. */
    void written(int bytes) {
        sinceLast += bytes;
        if (sinceLast < every || (running != null && running.isAlive())) {
            return;
        }
        sinceLast = 0;
        started++;
        running = Thread.ofVirtual().name("files-write-back").start(this::force);
    }

    /** How many write-backs were started (tests). */
    int started() {
        return started;
    }

    /** Waits for the write-back in flight, if any (tests). */
    void await() throws InterruptedException {
        if (running != null) {
            running.join();
        }
    }

    private void force() {
        try {
            channel.force(false);
        } catch (IOException e) {
            // a failing disk fails the final fsync too, which is where the transfer reports it;
            // a file closed meanwhile (the transfer ended) needs no write-back
        }
    }
}
