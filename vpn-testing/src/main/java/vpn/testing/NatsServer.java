package vpn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real NATS server for the chat cluster's tests: Debian's {@code nats-server} (which
 * {@code .ci/run} installs), on 127.0.0.1 and a free port, with no files of its own. It can be
 * stopped and started again on the same port, as an outage of the bus would look to its clients.
 */
public final class NatsServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Path binary;
    private final int port;
    private Process process;

    private NatsServer(Path binary, int port) {
        this.binary = binary;
        this.port = port;
    }

    /** The nats-server program, if installed. */
    public static Optional<Path> binary() {
        Stream<Path> candidates = Stream.concat(Stream.of(Path.of("/usr/sbin/nats-server"), Path.of("/usr/bin/nats-server")),
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).filter(d -> !d.isEmpty())
                        .map(d -> Path.of(d, "nats-server")));
        return candidates.filter(Files::isExecutable).findFirst();
    }

    /** Starts a server on a free port; the caller checked {@link #binary()}. */
    public static NatsServer start() throws IOException {
        NatsServer server = new NatsServer(binary().orElseThrow(() -> new IOException("nats-server is not installed")),
                freePort());
        server.startAgain();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code nats://127.0.0.1:PORT}. */
    public String uri() {
        return "nats://127.0.0.1:" + port;
    }

    /** The server's process id, for reading its CPU time. */
    public long pid() {
        return process.pid();
    }

    /** Stops the server at once, as a crash would. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts the server again on its port, and waits until it accepts connections. */
    public void startAgain() throws IOException {
        process = new ProcessBuilder(List.of(binary.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IOException("nats-server did not start on port " + port);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
