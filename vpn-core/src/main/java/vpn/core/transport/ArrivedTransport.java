package vpn.core.transport;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * A connection whose first byte has arrived: {@link #await} reads it, so that a peer that closes
 * before sending anything (a load balancer's health check) can be let go without a word, and this
 * transport gives it back to the first read, so that the protocol reads every byte as sent. Its
 * {@link #peer()} is the client's address, which may be the one a PROXY protocol header carried.
 */
public final class ArrivedTransport implements Transport {

    private final Transport connection;
    private final String peer;
    private int first;

    private ArrivedTransport(Transport connection, int first, String peer) {
        this.connection = connection;
        this.first = first;
        this.peer = Objects.requireNonNull(peer, "peer");
    }

    /**
     * Waits for the connection's first byte.
     *
     * @param peer the client's address, {@code IP:PORT}, for {@link #peer()}
     * @param what what the first byte begins, for the timeout's message ("proposal")
     * @return the connection with that byte still to be read, or empty if the peer closed or reset
     *     the connection before sending one
     * @throws ProtocolException TIMEOUT if nothing came within {@code timeout}
     */
    public static Optional<ArrivedTransport> await(Transport connection, String peer, String what, Duration timeout)
            throws ProtocolException {
        byte[] one = new byte[1];
        int n;
        try {
            n = connection.read(one, 0, 1, timeout);
        } catch (SocketTimeoutException e) {
            throw new ProtocolException(Reason.TIMEOUT, "timed out waiting for the " + what);
        } catch (IOException e) {
            // A reset before any byte (a checker that closes with SO_LINGER 0 to spare itself
            // TIME_WAIT) is as much a health check as a clean close.
            return Optional.empty();
        }
        return n < 0 ? Optional.empty() : Optional.of(new ArrivedTransport(connection, one[0] & 0xff, peer));
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        if (first >= 0 && length > 0) {
            buffer[offset] = (byte) first;
            first = -1;
            return 1;
        }
        return connection.read(buffer, offset, length, timeout);
    }

    @Override
    public void write(byte[] message) throws IOException {
        connection.write(message);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        connection.write(bytes, offset, length);
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
