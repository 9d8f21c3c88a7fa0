package vpn.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** A {@link Transport} over a connected TCP socket. */
public final class SocketTransport implements Transport {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String peer;
    private final ReadDeadlines deadlines;
    /** When the read in progress times out ({@code Long.MAX_VALUE}: none), for {@link ReadDeadlines}. */
    private volatile long deadline = Long.MAX_VALUE;
    private volatile boolean expired;

    /** A transport whose every read uses the socket's own timeout. */
    public SocketTransport(Socket socket) throws IOException {
        this(socket, null);
    }

    /** @param deadlines enforces long timeouts so that long waits read untimed; null: socket timeouts only */
    public SocketTransport(Socket socket, ReadDeadlines deadlines) throws IOException {
        this.socket = socket;
        this.deadlines = deadlines;
        // Request/response traffic: Nagle's delay would only add latency to each reply.
        socket.setTcpNoDelay(true);
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

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        if (deadlines == null || timeout.compareTo(ReadDeadlines.SHORTEST) < 0) {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            return in.read(buffer, offset, length);
        }
        socket.setSoTimeout(0);
        deadline = System.nanoTime() + timeout.toNanos();
        try {
            return in.read(buffer, offset, length);
        } catch (IOException e) {
            if (expired) {
                throw new SocketTimeoutException("nothing arrived within " + timeout);
            }
            throw e;
        } finally {
            deadline = Long.MAX_VALUE;
        }
    }

    /** Called by {@link ReadDeadlines}: closes the connection if the read in progress is overdue. */
    void expireIfPast(long now) {
        long due = deadline;
        if (due != Long.MAX_VALUE && now - due > 0) {
            expired = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    @Override
    public void write(byte[] message) throws IOException {
        // The socket stream is unbuffered: one write() is one send of the whole message.
        out.write(message);
        out.flush();
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
