package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.testing.ProxyHeaders;

/**
 * {@code vpn server --proxy-protocol} as a process, its clients real {@code vpn client} processes
 * behind a relay that sends a PROXY v2 header first, as a load balancer does: the carried address
 * is the client's in the lines and for {@code --max-startups}; health checks leave no line; a
 * connection without a valid header gets one line, and the server serves on.
 */
class ProxyProtocolIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final InetSocketAddress BALANCER_SIDE = new InetSocketAddress("192.0.2.1", 4600);

    @TempDir
    Path temp;

    private Dist.Server server(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--proxy-protocol", "--verbose",
                "--key-file", temp.resolve("server_ed25519").toString()));
        args.addAll(List.of(extra));
        return Dist.server(temp, args.toArray(String[]::new));
    }

    private static byte[] from(String ip, int port) throws Exception {
        return ProxyHeaders.proxy(new InetSocketAddress(InetAddress.getByName(ip), port), BALANCER_SIDE);
    }

    /** A {@code vpn client} session to {@code port} that says hello; returns its exit code, its output checked. */
    private int hello(int port) throws Exception {
        try (VpnProcess client = Dist.launch(temp, "client", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--known-hosts", temp.resolve("known_hosts").toString())) {
            client.input("hello\n");
            client.closeInput();
            int exit = client.waitFor(WAIT);
            if (exit == 0) {
                assertTrue(client.stdoutLineContaining("Server says: olleh").isPresent(), client.stdout().toString());
            }
            return exit;
        }
    }

    /** The server's lines, apart from its start (its key, where it listens). */
    private static List<String> sessionLines(VpnProcess server) {
        return server.stdout().stream().filter(l -> !l.startsWith("Server key ") && !l.startsWith("Listening on ")).toList();
    }

    @Test
    void aClientBehindTheBalancerIsNamedByTheAddressItsHeaderCarries() throws Exception {
        try (Dist.Server running = server();
                RecordingProxy balancer = new RecordingProxy(running.port(), from("203.0.113.7", 51234))) {
            assertEquals(0, hello(balancer.port()));
            VpnProcess server = running.process();
            server.awaitLine("^Ended 203\\.0\\.113\\.7:51234: the session ended normally$", WAIT);
            List<String> lines = sessionLines(server);
            assertEquals("New client: 203.0.113.7:51234", lines.get(0), lines.toString());
            assertTrue(lines.contains("Received: hello"), lines.toString());
            assertTrue(lines.stream().noneMatch(l -> l.contains("127.0.0.1")), "the balancer named: " + lines);
            assertEquals(List.of(), server.stderr());
        }
    }

    @Test
    void perSourceLimitsCountEachCarriedAddressOnItsOwn() throws Exception {
        try (Dist.Server running = server("--max-startups", "1");
                RecordingProxy other = new RecordingProxy(running.port(), from("203.0.113.8", 2000));
                Socket holding = new Socket("127.0.0.1", running.port());
                Socket dropped = new Socket("127.0.0.1", running.port())) {
            // One unfinished handshake from 203.0.113.7 through the balancer: the limit for that address.
            holding.getOutputStream().write(from("203.0.113.7", 1000));
            holding.getOutputStream().write("ProposedCiphers:AES:[256]".getBytes(StandardCharsets.US_ASCII));
            running.process().awaitLine("^New client: 203\\.0\\.113\\.7:1000$", WAIT);
            // A second from 203.0.113.7 is dropped, before anything is read past its header...
            dropped.getOutputStream().write(from("203.0.113.7", 1001));
            dropped.setSoTimeout(20_000);
            assertEquals(-1, dropped.getInputStream().read());
            // ...while 203.0.113.8, through the same balancer address, is served.
            assertEquals(0, hello(other.port()));
            VpnProcess server = running.process();
            server.awaitLine("^Ended 203\\.0\\.113\\.8:2000: the session ended normally$", WAIT);
            assertEquals(List.of("warning: dropping connections past --max-startups 1: 203.0.113.7 has 1 that have not "
                    + "finished their handshake"), server.stderr());
        }
    }

    @Test
    void healthChecksLeaveNoLineAndTheServerServesOn() throws Exception {
        try (Dist.Server running = server();
                RecordingProxy balancer = new RecordingProxy(running.port(), from("203.0.113.7", 51234))) {
            // HAProxy's check-send-proxy (LOCAL, then close), a plain TCP check (connect, close), and both reset.
            for (byte[] check : List.of(ProxyHeaders.local(), new byte[0])) {
                for (boolean reset : new boolean[] {false, true}) {
                    try (Socket socket = new Socket("127.0.0.1", running.port())) {
                        socket.getOutputStream().write(check);
                        if (reset) {
                            socket.setSoLinger(true, 0);
                        }
                    }
                }
            }
            // Accepted after the checks, so served after the server has handled them.
            assertEquals(0, hello(balancer.port()));
            VpnProcess server = running.process();
            server.awaitLine("^Ended 203\\.0\\.113\\.7:51234: the session ended normally$", WAIT);
            List<String> lines = sessionLines(server);
            assertTrue(lines.stream().noneMatch(l -> l.contains("127.0.0.1")), "a line for a health check: " + lines);
            assertEquals("New client: 203.0.113.7:51234", lines.get(0), lines.toString());
            assertEquals(List.of(), server.stderr());
        }
    }

    @Test
    void aConnectionWithoutAValidHeaderGetsOneLineAndTheServerServesOn() throws Exception {
        try (Dist.Server running = server();
                RecordingProxy balancer = new RecordingProxy(running.port(), from("203.0.113.7", 51234))) {
            VpnProcess server = running.process();
            // A client connecting directly, past the balancer.
            assertEquals(1, hello(running.port()));
            server.awaitLine("^Closed 127\\.0\\.0\\.1:\\d+: no PROXY protocol v2 header, which this server "
                    + "\\(--proxy-protocol\\) expects first$", WAIT);
            // A balancer configured with send-proxy (v1).
            try (Socket v1 = new Socket("127.0.0.1", running.port())) {
                v1.getOutputStream().write("PROXY TCP4 203.0.113.7 192.0.2.1 51234 4600\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                v1.setSoTimeout(20_000);
                assertEquals(-1, v1.getInputStream().read());
            }
            server.awaitLine("^Closed 127\\.0\\.0\\.1:\\d+: a PROXY protocol v1 header: only version 2 is accepted "
                    + "\\(HAProxy's send-proxy-v2\\)$", WAIT);
            assertEquals(0, hello(balancer.port()));
            server.awaitLine("^Ended 203\\.0\\.113\\.7:51234: the session ended normally$", WAIT);
            assertEquals(2, server.stdout().stream().filter(l -> l.startsWith("Closed")).count(), server.stdout().toString());
        }
    }
}
