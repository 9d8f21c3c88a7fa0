package vpn.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;

/**
 * A man in the middle, for tests: a TCP proxy on 127.0.0.1 that cuts each direction into protocol
 * messages (the first write is the text proposal or answer, then 4-byte-header frames) and lets a
 * {@link Tamper} edit, drop, duplicate or hold them. It also records every byte that crossed, as a
 * capture would.
 */
public final class MitmProxy implements AutoCloseable {

    /** Which way a message travels. */
    public enum Way { CLIENT_TO_SERVER, SERVER_TO_CLIENT }

    /** Decides what to forward in place of the {@code index}-th message of a direction. */
    @FunctionalInterface
    public interface Tamper {
        List<byte[]> forward(Way way, int index, byte[] message);

        Tamper NONE = (way, index, message) -> List.of(message);
    }

    private final ServerSocket listener;
    private volatile int serverPort;
    private final Tamper tamper;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    /** Set when the server answers with a ServerHello: from then on both directions are framed. */
    private volatile boolean secureSession;

    public MitmProxy(int serverPort, Tamper tamper) throws IOException {
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.serverPort = serverPort;
        this.tamper = tamper;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** Sends later connections to another server: the same address now answers with another key. */
    public void retarget(int port) {
        serverPort = port;
    }

    /** Every byte that crossed the proxy, both ways, in arrival order per chunk. */
    public synchronized byte[] captured() {
        return captured.toByteArray();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                Thread.ofVirtual().start(() -> pump(client, server, Way.CLIENT_TO_SERVER));
                Thread.ofVirtual().start(() -> pump(server, client, Way.SERVER_TO_CLIENT));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, Way way) {
        try (from; to) {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] first = readFirstMessage(in);
            int index = 0;
            if (first == null) {
                return;
            }
            if (way == Way.SERVER_TO_CLIENT && first.length > 0 && first[0] == 0x01) {
                secureSession = true;
            }
            forward(out, way, index++, first);
            while (true) {
                // The client sends its next message only after the server's answer: the flag is set by then.
                byte[] message = secureSession ? readFrame(in) : readChunk(in);
                if (message == null) {
                    return;
                }
                forward(out, way, index++, message);
            }
        } catch (IOException ended) {
            // one side closed: closing both ends is what the try-with-resources does
        }
    }

    private void forward(OutputStream out, Way way, int index, byte[] message) throws IOException {
        synchronized (this) {
            captured.writeBytes(message);
        }
        for (byte[] piece : tamper.forward(way, index, message)) {
            out.write(piece);
            out.flush();
        }
    }

    /** The first message of a direction: text or a frame, read as it comes (one write). */
    private static byte[] readFirstMessage(InputStream in) throws IOException {
        byte[] header = in.readNBytes(1);
        if (header.length == 0) {
            return null;
        }
        if (header[0] == 0x01) {
            return concat(header, readRestOfFrame(in));
        }
        byte[] rest = new byte[8192];
        int n = in.read(rest);
        return concat(header, n <= 0 ? new byte[0] : Arrays.copyOf(rest, n));
    }

    private static byte[] readFrame(InputStream in) throws IOException {
        byte[] type = in.readNBytes(1);
        return type.length == 0 ? null : concat(type, readRestOfFrame(in));
    }

    private static byte[] readRestOfFrame(InputStream in) throws IOException {
        byte[] length = in.readNBytes(3);
        int n = (length[0] & 0xff) << 16 | (length[1] & 0xff) << 8 | (length[2] & 0xff);
        return concat(length, in.readNBytes(n));
    }

    private static byte[] readChunk(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int n = in.read(buffer);
        return n < 0 ? null : Arrays.copyOf(buffer, n);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Convenience for tampers: the message as text. */
    public static String text(byte[] message) {
        return new String(message, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
