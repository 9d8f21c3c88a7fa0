package vpn.core.testing;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import vpn.core.transport.Transport;

/**
 * An in-memory {@link Transport} double: two ends of a pipe. What one end writes, the other reads,
 * chunk by chunk, so a test can split a message into "segments" with {@link #writeSplit}.
 */
public final class PipeTransport implements Transport {

    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> incoming;
    private final BlockingQueue<byte[]> outgoing;
    private final String peer;
    private byte[] pending;
    private int pendingOffset;
    private final List<byte[]> written = new ArrayList<>();

    private PipeTransport(BlockingQueue<byte[]> incoming, BlockingQueue<byte[]> outgoing, String peer) {
        this.incoming = incoming;
        this.outgoing = outgoing;
        this.peer = peer;
    }

    /** Two connected ends: [0] is the client's, [1] the server's. */
    public static PipeTransport[] pair() {
        BlockingQueue<byte[]> toServer = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> toClient = new LinkedBlockingQueue<>();
        return new PipeTransport[] {
            new PipeTransport(toClient, toServer, "server"),
            new PipeTransport(toServer, toClient, "127.0.0.1:40000")
        };
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        if (pending == null) {
            try {
                pending = incoming.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            if (pending == null) {
                throw new SocketTimeoutException("nothing within " + timeout);
            }
            pendingOffset = 0;
        }
        if (pending == EOF) {
            incoming.add(EOF);
            pending = null;
            return -1;
        }
        int n = Math.min(length, pending.length - pendingOffset);
        System.arraycopy(pending, pendingOffset, buffer, offset, n);
        pendingOffset += n;
        if (pendingOffset == pending.length) {
            pending = null;
        }
        return n;
    }

    @Override
    public void write(byte[] message) {
        written.add(message.clone());
        outgoing.add(message.clone());
    }

    /** Sends {@code message} as several chunks, cut at the given offsets. */
    public void writeSplit(byte[] message, int... cuts) {
        int from = 0;
        for (int cut : cuts) {
            outgoing.add(java.util.Arrays.copyOfRange(message, from, cut));
            from = cut;
        }
        outgoing.add(java.util.Arrays.copyOfRange(message, from, message.length));
    }

    /** Every message this end wrote, in order. */
    public List<byte[]> written() {
        return written;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() {
        outgoing.add(EOF);
    }
}
