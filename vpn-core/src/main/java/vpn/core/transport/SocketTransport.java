package vpn.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/** A {@link Transport} over a connected TCP socket. */
public final class SocketTransport implements Transport {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String peer;

    public SocketTransport(Socket socket) throws IOException {
        this.socket = socket;
        // Request/response traffic: Nagle's delay would only add latency to each reply.
        socket.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.peer = format((InetSocketAddress) socket.getRemoteSocketAddress());
    }

    /** {@code IP:PORT}, the way the transcripts write an address. */
    public static String format(InetSocketAddress address) {
        String host = address.getAddress() == null ? address.getHostString() : address.getAddress().getHostAddress();
        return host + ":" + address.getPort();
    }

    @Override
    public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
        return in.read(buffer, offset, length);
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
        socket.close();
    }
}
