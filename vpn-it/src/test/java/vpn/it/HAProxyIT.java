package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.testing.ProxyHeaders;

/**
 * {@code vpn server --proxy-protocol} behind a real HAProxy (Debian's, which {@code .ci/run}
 * installs) in TCP mode with {@code send-proxy-v2} and health checks every 200 ms that send a
 * header too: a {@code vpn client} through it is served and named by its own address, and the
 * checks leave no line. A recording relay between HAProxy and the server shows what HAProxy sent.
 */
class HAProxyIT {

    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** What HAProxy's check-send-proxy sends with send-proxy-v2: the LOCAL command, no addresses. */
    private static final byte[] LOCAL = ProxyHeaders.local();

    @TempDir
    Path temp;

    @Test
    void aClientThroughHAProxyIsServedAndNamedAndTheHealthChecksLeaveNoLine() throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "haproxy is not installed (apt-get install haproxy; .ci/run does): "
                + "skipping the test behind a real HAProxy");
        int front = freePort();
        try (Dist.Server running = Dist.server("--proxy-protocol", "--verbose",
                        "--key-file", temp.resolve("server_ed25519").toString());
                RecordingProxy wire = new RecordingProxy(running.port())) {
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, String.join("\n",
                    "defaults",
                    "    mode tcp",
                    "    timeout connect 5s",
                    "    timeout client 60s",
                    "    timeout server 60s",
                    "frontend vpn",
                    "    bind 127.0.0.1:" + front,
                    "    default_backend servers",
                    "backend servers",
                    "    server s1 127.0.0.1:" + wire.port() + " send-proxy-v2 check check-send-proxy inter 200ms",
                    ""));
            try (VpnProcess haproxy = VpnProcess.start(List.of(HAPROXY.toString(), "-f", config.toString(), "-db"),
                    Map.of())) {
                // About 2 s of checks: ten of them have reached the server.
                awaitChecks(wire, 10, haproxy);

                try (VpnProcess client = Dist.launch("client", "--host", "127.0.0.1", "--port", String.valueOf(front),
                        "--known-hosts", temp.resolve("known_hosts").toString())) {
                    client.input("hello\n");
                    client.closeInput();
                    assertEquals(0, client.waitFor(WAIT), client.stderr().toString());
                    assertTrue(client.stdoutLineContaining("Server says: olleh").isPresent(), client.stdout().toString());
                }
                VpnProcess server = running.process();
                // The client's own address and port, from the PROXY header HAProxy sent for it.
                String clientAddress = carriedClient(wire.captured());
                server.awaitLine("^Ended " + clientAddress.replace(".", "\\.") + ": the session ended normally$", WAIT);
                List<String> lines = server.stdout().stream()
                        .filter(l -> !l.startsWith("Server key ") && !l.startsWith("Listening on ")).toList();
                assertEquals("New client: " + clientAddress, lines.get(0), lines.toString());
                assertTrue(lines.contains("Received: hello"), lines.toString());
                assertEquals(List.of("New client: " + clientAddress, "Ended " + clientAddress + ": the session ended normally"),
                        lines.stream().filter(l -> l.contains("127.0.0.1:")).toList(),
                        "no line for the " + count(wire.captured(), LOCAL) + " checks: " + lines);
                assertEquals(List.of(), server.stderr());
            }
        }
    }

    /** Waits until the relay has carried {@code checks} LOCAL headers, HAProxy's health checks. */
    private static void awaitChecks(RecordingProxy wire, int checks, VpnProcess haproxy) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (count(wire.captured(), LOCAL) < checks) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("HAProxy sent " + count(wire.captured(), LOCAL) + " LOCAL checks\nstdout: "
                        + haproxy.stdout() + "\nstderr: " + haproxy.stderr());
            }
            Thread.sleep(50);
        }
    }

    /** The source of the one PROXY (TCP over IPv4) header in {@code bytes}, as {@code IP:PORT}. */
    private static String carriedClient(byte[] bytes) throws Exception {
        byte[] start = java.util.Arrays.copyOf(ProxyHeaders.SIGNATURE, 14);
        start[12] = 0x21;
        start[13] = 0x11;
        int at = indexOf(bytes, start, 0);
        assertTrue(at >= 0, "no PROXY header for TCP over IPv4 carried");
        assertEquals(-1, indexOf(bytes, start, at + 1), "one relayed connection only");
        int addresses = at + 16;
        String ip = InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, addresses, addresses + 4)).getHostAddress();
        int port = (bytes[addresses + 8] & 0xff) << 8 | (bytes[addresses + 9] & 0xff);
        return ip + ":" + port;
    }

    private static int count(byte[] bytes, byte[] pattern) {
        int n = 0;
        for (int at = indexOf(bytes, pattern, 0); at >= 0; at = indexOf(bytes, pattern, at + 1)) {
            n++;
        }
        return n;
    }

    private static int indexOf(byte[] bytes, byte[] pattern, int from) {
        for (int i = from; i + pattern.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
