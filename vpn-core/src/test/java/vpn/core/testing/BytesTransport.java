package vpn.core.testing;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import vpn.core.transport.Transport;

/**
 * A {@link Transport} double over fixed bytes from the peer, delivered at most {@code segment} at a
 * time, then the end of the stream or, if asked, a timeout (a peer that went silent). It counts what
 * was read, so that a test can tell that a reader took no byte past its message.
 */
public final class BytesTransport implements Transport {

    private final byte[] bytes;
    private final int segment;
    private final boolean silentAtEnd;
    private int read;

    /**
     * @param segment the most bytes one read returns (1: every byte in a read of its own)
     * @param silentAtEnd after the last byte, time out instead of ending the stream
     */
    public BytesTransport(byte[] bytes, int segment, boolean silentAtEnd) {
        if (segment < 1) {
            throw new IllegalArgumentException("segment " + segment);
        }
        this.bytes = bytes.clone();
        this.segment = segment;
        this.silentAtEnd = silentAtEnd;
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        if (read == bytes.length) {
            if (silentAtEnd) {
                throw new SocketTimeoutException("nothing within " + timeout);
            }
            return -1;
        }
        int n = Math.min(Math.min(length, segment), bytes.length - read);
        System.arraycopy(bytes, read, buffer, offset, n);
        read += n;
        return n;
    }

    /** How many bytes were read so far. */
    public int consumed() {
        return read;
    }

    @Override
    public void write(byte[] message) {
        throw new UnsupportedOperationException("this double only delivers the peer's bytes");
    }

    @Override
    public String peer() {
        return "10.0.0.1:40000";
    }

    @Override
    public void close() {
    }
}
