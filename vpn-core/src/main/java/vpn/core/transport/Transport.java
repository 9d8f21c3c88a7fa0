package vpn.core.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

/**
 * A byte pipe to the peer. Sockets in production; an in-memory double in tests, so that the
 * protocol can be driven without a network and messages can be split at will.
 */
public interface Transport extends Closeable {

    /**
     * Reads at least one byte, waiting at most {@code timeout}.
     *
     * @return the number of bytes read, or -1 at the end of the stream
     * @throws SocketTimeoutException if nothing arrived in time
     */
    int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException;

    /**
     * Sends a whole protocol message in one write, as the classic peers expect.
     *
     * @throws WriteTimeoutException if the peer stopped reading and the write could not finish in time
     */
    void write(byte[] message) throws IOException;

    /**
     * Sends {@code length} bytes of {@code bytes} from {@code offset} in one write, as
     * {@link #write(byte[])} does: for a sender that reuses its buffer. The bytes are the caller's
     * again once it returns.
     */
    default void write(byte[] bytes, int offset, int length) throws IOException {
        write(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    /** The peer's address for transcripts, as {@code IP:PORT}. */
    String peer();
}
