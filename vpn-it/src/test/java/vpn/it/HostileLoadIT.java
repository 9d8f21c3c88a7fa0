package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * vpn server's defences against unauthenticated expensive work, set as an operator sets them:
 * only X25519, no classic clients, and a per-source --max-startups, against a flood from
 * 127.0.0.2 while a good client on 127.0.0.1 is served.
 */
class HostileLoadIT {

    @TempDir
    Path temp;

    @Test
    void aServerOfferingOnlyX25519WithPerSourceMaxStartupsServesAGoodClientThroughAFlood() throws Exception {
        Dist.Server running = Dist.server("--key-exchanges", "X25519", "--no-classic", "--max-startups", "2");
        List<Socket> flood = new ArrayList<>();
        try (VpnProcess server = running.process()) {
            int port = running.port();
            for (int i = 0; i < 6; i++) {
                Socket socket = new Socket();
                flood.add(socket);
                socket.bind(new InetSocketAddress("127.0.0.2", 0));
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            }

            try (VpnProcess client = Dist.launch("client", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--known-hosts", temp.resolve("known_hosts").toString())) {
                client.input("hello\n");
                client.closeInput();
                assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.stderr().toString());
                assertTrue(client.stdoutLineContaining("Server says: olleh").isPresent(), client.stdout().toString());
            }
            assertEquals(Optional.of("warning: dropping connections past --max-startups 2: 127.0.0.2 has 2 that "
                    + "have not finished their handshake"), awaitStderr(server, "--max-startups"));
            assertEquals(1, server.stderr().stream().filter(l -> l.contains("--max-startups")).count(),
                    "one line for the flood, not one per connection: " + server.stderr());

            try (VpnProcess modp = Dist.launch("bench", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--kex", "MODP8192", "--sessions", "1", "--messages", "0", "--quiet")) {
                assertEquals(1, modp.waitFor(Duration.ofSeconds(60)));
                assertTrue(modp.stdoutLineContaining("Could not agree on a key exchange").isPresent(),
                        modp.stdout().toString());
            }
            try (VpnProcess classic = Dist.launch("client", "--classic", "--host", "127.0.0.1", "--port",
                    String.valueOf(port), "--known-hosts", temp.resolve("known_hosts").toString())) {
                classic.input("hello\n");
                classic.closeInput();
                assertEquals(1, classic.waitFor(Duration.ofSeconds(60)), classic.stderr().toString());
            }
            server.awaitLine("refused a classic-protocol client: this server runs with --no-classic",
                    Duration.ofSeconds(10));
        } finally {
            for (Socket socket : flood) {
                socket.close();
            }
        }
    }

    /** The first standard-error line containing {@code fragment}, waiting up to 10 s for it. */
    private static Optional<String> awaitStderr(VpnProcess process, String fragment) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            Optional<String> line = process.stderr().stream().filter(l -> l.contains(fragment)).findFirst();
            if (line.isPresent() || System.nanoTime() > deadline) {
                return line;
            }
            Thread.sleep(20);
        }
    }
}
