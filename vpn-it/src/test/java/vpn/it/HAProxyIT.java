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
 * The configuration is docs/deploy.md's, with this machine's addresses and checks every 200 ms, so
 * that the guide cannot go stale.
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
        try (Dist.Server running = Dist.server(temp, "--proxy-protocol", "--verbose",
                        "--key-file", temp.resolve("server_ed25519").toString());
                RecordingProxy wire = new RecordingProxy(running.port())) {
            Path config = temp.resolve("haproxy.cfg");
            // Fewer connections: the guide's need more file descriptors than a test's limit allows.
            Files.writeString(config, guideConfig()
                    .replace("maxconn 20000", "maxconn 1000")
                    .replace("bind :4600", "bind 127.0.0.1:" + front)
                    .replace("10.0.0.11:4600", "127.0.0.1:" + wire.port())
                    .replace("inter 2s", "inter 200ms"));
            try (VpnProcess haproxy = VpnProcess.start(List.of(HAPROXY.toString(), "-f", config.toString(), "-db"),
                    Map.of())) {
                // About 2 s of checks: ten of them have reached the server.
                awaitChecks(wire, 10, haproxy);

                try (VpnProcess client = Dist.launch(temp, "client", "--host", "127.0.0.1", "--port", String.valueOf(front),
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

    /** The haproxy.cfg of docs/deploy.md, checked to have what this test replaces. */
    private static String guideConfig() throws java.io.IOException {
        String guide = Files.readString(Path.of(System.getProperty("vpn.docs", "../docs"), "deploy.md"));
        int start = guide.indexOf("```\nglobal\n");
        assertTrue(start >= 0, "docs/deploy.md has no haproxy.cfg");
        String config = guide.substring(start + 4, guide.indexOf("```", start + 4));
        for (String part : List.of("maxconn 20000", "bind :4600", "server vpn1 10.0.0.11:4600 send-proxy-v2 check check-send-proxy inter 2s")) {
            assertTrue(config.contains(part), "docs/deploy.md's haproxy.cfg without " + part + ":\n" + config);
        }
        return config;
    }

    /** Waits until the relay has carried {@code checks} LOCAL headers, HAProxy's health checks. */
    private static void awaitChecks(RecordingProxy wire, int checks, VpnProcess haproxy) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
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
