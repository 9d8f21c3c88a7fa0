import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The attacker of scripts/perf-flood: LOOPS concurrent loops, each connecting from 127.0.0.2 and
 * running a classic handshake with the cheap valid value 4 (the server pays two 8192-bit
 * exponentiations, the attacker none), then closing, for SECONDS. Prints one FLOOD line.
 * Usage: java Flood.java PORT LOOPS SECONDS
 */
public class Flood {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int loops = Integer.parseInt(args[1]);
        long seconds = Long.parseLong(args[2]);
        AtomicLong completed = new AtomicLong();
        AtomicLong closed = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < loops; i++) {
                threads.submit(() -> {
                    while (System.nanoTime() < end) {
                        (handshake(port) ? completed : closed).incrementAndGet();
                    }
                    return null;
                });
            }
        }
        System.out.printf("FLOOD loops=%d seconds=%d completed=%d (%.1f/s) closed_by_server=%d%n",
                loops, seconds, completed.get(), completed.get() / (double) seconds, closed.get());
    }

    /** True when the server answered the value with its own, having computed both exponentiations. */
    private static boolean handshake(int port) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            out.write("ProposedCiphers:AES:[256]".getBytes(StandardCharsets.US_ASCII));
            if (in.read(buffer) <= 0) {
                return false;
            }
            out.write("DHMKE:4".getBytes(StandardCharsets.US_ASCII));
            return in.read(buffer) > 0;
        } catch (IOException e) {
            return false;
        }
    }
}
