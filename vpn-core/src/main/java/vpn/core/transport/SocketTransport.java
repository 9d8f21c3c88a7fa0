package vpn.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * A {@link Transport} over a connected TCP socket. With {@link Deadlines}, long reads and every
 * write have a deadline that closes the connection when passed; without, reads use the socket's
 * own timeout and writes have none.
 */
public final class SocketTransport implements Transport {

    /** No deadline: the value of {@link #readDeadline} and {@link #writeDeadline} between calls. */
    private static final long NONE = Long.MAX_VALUE;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String peer;
    private final Deadlines deadlines;
    private final Duration writeTimeout;
    private final Object writing = new Object();
    /** When the read in progress times out ({@link #NONE}: none), for {@link Deadlines}. */
    private volatile long readDeadline = NONE;
    /** When the write in progress times out ({@link #NONE}: none), for {@link Deadlines}. */
    private volatile long writeDeadline = NONE;
    private volatile boolean readExpired;
    private volatile boolean writeExpired;

    /** A transport whose every read uses the socket's own timeout, and whose writes have none. */
    public SocketTransport(Socket socket) throws IOException {
        this(socket, null, null);
    }

    /**
     * @param deadlines enforces long read timeouts, so that long waits read untimed, and write
     *     timeouts; null: socket timeouts for reads only
     * @param writeTimeout how long one write may stay blocked before the connection is closed
     *     (with {@code deadlines})
     */
    public SocketTransport(Socket socket, Deadlines deadlines, Duration writeTimeout) throws IOException {
        if (deadlines != null && (writeTimeout == null || writeTimeout.isNegative() || writeTimeout.isZero())) {
            throw new IllegalArgumentException("the write timeout must be positive, not " + writeTimeout);
        }
        this.socket = socket;
        this.deadlines = deadlines;
        this.writeTimeout = writeTimeout;
        // Request/response traffic: Nagle's delay would only add latency to each reply.
        socket.setTcpNoDelay(true);
        // A peer that vanished (crashed, unplugged) is noticed eventually even by a side that only
        // writes or waits; with the system's timing (Linux: probes after 2 hours idle), as OpenSSH's TCPKeepAlive.
        socket.setKeepAlive(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.peer = format((InetSocketAddress) socket.getRemoteSocketAddress());
        if (deadlines != null) {
            deadlines.watch(this);
        }
    }

    /** {@code IP:PORT}, the way the transcripts write an address. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return host + ":" + address.getPort();
    }

    /**
     * @throws WriteTimeoutException if the connection was closed because a write was stuck: the
     *     reader learns why the session ended
     */
    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        try {
            return readWithin(buffer, offset, length, timeout);
        } catch (IOException e) {
            if (writeExpired) {
                throw new WriteTimeoutException(writeTimeout);
            }
            throw e;
        }
    }

    private int readWithin(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        if (deadlines == null || timeout.compareTo(Deadlines.SHORTEST) < 0) {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return in.read(buffer, offset, length);
        }
        socket.setSoTimeout(0);
        readDeadline = System.nanoTime() + timeout.toNanos();
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            if (readExpired) {
                throw new SocketTimeoutException("nothing arrived within " + timeout);
            }
            throw e;
        } finally {
            readDeadline = NONE;
        }
    }

    /** Called by {@link Deadlines}: closes the connection if the read or the write in progress is overdue. */
    void expireIfPast(long now) {
        if (overdue(readDeadline, now)) {
            readExpired = true;
            closeSocket();
        }
        if (overdue(writeDeadline, now)) {
            writeExpired = true;
            closeSocket();
        }
    }

    private static boolean overdue(long deadline, long now) {
        return deadline != NONE && now - deadline > 0;
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /**
     * @throws WriteTimeoutException if the peer did not take the message within the write timeout
     *     (the connection is then closed)
     */
    @Override
    public void write(byte[] message) throws IOException {
        write(message, 0, message.length);
    }

    /** As {@link #write(byte[])}. */
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        // One writer at a time: the channels already send one message at a time, and the deadline
        // below belongs to one write.
        synchronized (writing) {
            if (deadlines != null) {
                writeDeadline = System.nanoTime() + writeTimeout.toNanos();
            }
            try {
                // The socket stream is unbuffered: one write() is one send of the whole message.
                out.write(bytes, offset, length);
                out.flush();
            } catch (IOException e) {
                if (writeExpired) {
                    throw new WriteTimeoutException(writeTimeout);
                }
                throw e;
            } finally {
                writeDeadline = NONE;
            }
        }
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void close() throws IOException {
        if (deadlines != null) {
            deadlines.unwatch(this);
        }
        socket.close();
    }
}
