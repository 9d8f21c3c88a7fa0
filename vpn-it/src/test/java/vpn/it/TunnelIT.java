package vpn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tunnels as users run them: a server with --allow-forward and an authorized-keys file,
 * {@code vpn forward} and {@code vpn socks} as real processes, curl and Python's HTTP server as
 * the programs whose connections they carry.
 */
class TunnelIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    private Path authorizedKeys;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void keys() throws Exception {
        keygen("alice");
        authorizedKeys = Files.copy(temp.resolve("alice.pub"), temp.resolve("authorized_keys"));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private void keygen(String user) throws Exception {
        try (VpnProcess keygen = Dist.launchFrom(Dist.HOME, Map.of("VPN_PASSPHRASE", ""), "keygen",
                "--file", temp.resolve(user).toString(), "--comment", user)) {
            assertEquals(0, keygen.waitFor(WAIT), keygen.stderr().toString());
        }
    }

    private Dist.Server server(String allow) throws Exception {
        return closing(Dist.server("--key-file", temp.resolve("server_ed25519").toString(),
                "--authorized-keys", authorizedKeys.toString(), "--allow-forward", allow));
    }

    /** {@code vpn COMMAND} with the client options every command shares, as {@code user}. */
    private VpnProcess client(int port, String user, String command, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(command, "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--identity", temp.resolve(user).toString(),
                "--known-hosts", temp.resolve(user + ".known_hosts").toString()));
        all.addAll(List.of(args));
        return closing(Dist.launch(all.toArray(String[]::new)));
    }

    /** {@code vpn forward 0:HOST:PORT}, once ready: its process and local port. */
    private record Forward(VpnProcess process, int port) {
    }

    private Forward forward(int serverPort, String host, int port) throws Exception {
        VpnProcess process = client(serverPort, "alice", "forward", "0:" + host + ":" + port);
        Matcher ready = process.awaitLine("^Forwarding 127\\.0\\.0\\.1:(\\d+) -> (.*) via (.*)$", WAIT);
        assertEquals(host + ":" + port, ready.group(2));
        assertEquals("127.0.0.1:" + serverPort, ready.group(3));
        return new Forward(process, Integer.parseInt(ready.group(1)));
    }

    private int socks(int serverPort) throws Exception {
        VpnProcess process = client(serverPort, "alice", "socks", "0");
        return Integer.parseInt(process.awaitLine("^SOCKS5 proxy on 127\\.0\\.0\\.1:(\\d+)$", WAIT).group(1));
    }

    private static boolean has(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /**
     * A TCP server on 127.0.0.1 whose connections say what they want with their first byte:
     * {@code E} echoes until EOF, {@code F} floods without reading.
     */
    private static final class Target implements AutoCloseable {
        private final ServerSocket server;

        Target() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> serve(socket));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void serve(Socket socket) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                if (in.read() == 'F') {
                    byte[] chunk = new byte[1 << 16];
                    while (true) {
                        out.write(chunk);
                    }
                }
                in.transferTo(out);
                socket.shutdownOutput();
            } catch (IOException ignored) {
                // the client went away
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Sends {@code E} and {@code bytes}, shuts down writing, and returns all that came back. */
    private static byte[] echo(int port, byte[] bytes) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write('E');
                    out.write(bytes);
                    socket.shutdownOutput();
                } catch (IOException ignored) {
                    // seen by the reader
                }
            });
            byte[] back = socket.getInputStream().readAllBytes();
            writer.join();
            return back;
        } catch (InterruptedException e) {
            throw new IOException(e);
        }
    }

    /** A SOCKS5 CONNECT by hand, to a name: the reply's code. */
    private static int socksConnect(Socket socket, String host, int port) throws IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        OutputStream out = socket.getOutputStream();
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[3 + 4 + 1 + name.length + 2];
        System.arraycopy(new byte[] {5, 1, 0, 5, 1, 0, 3, (byte) name.length}, 0, request, 0, 8);
        System.arraycopy(name, 0, request, 8, name.length);
        request[request.length - 2] = (byte) (port >> 8);
        request[request.length - 1] = (byte) port;
        out.write(request);
        InputStream in = socket.getInputStream();
        assertArrayEquals(new byte[] {5, 0}, in.readNBytes(2), "no authentication");
        byte[] reply = in.readNBytes(10);
        assertEquals(10, reply.length, "a whole reply");
        return reply[1];
    }

    @Test
    void curlDownloads50MbThroughVpnSocksWithTheSameSha256() throws Exception {
        assumeTrue(has("curl") && has("python3"), "SKIPPED: needs curl and python3");
        Path www = Files.createDirectories(temp.resolve("www"));
        Path big = Files.write(www.resolve("big.bin"), random(50 * 1024 * 1024, 50));
        VpnProcess http = closing(VpnProcess.start(List.of("python3", "-u", "-m", "http.server", "0", "--bind",
                "127.0.0.1", "--directory", www.toString()), Map.of()));
        int httpPort = Integer.parseInt(http.awaitLine("port (\\d+)", WAIT).group(1));
        Dist.Server server = server("localhost:" + httpPort);
        int proxy = socks(server.port());

        Path downloaded = temp.resolve("downloaded.bin");
        VpnProcess curl = closing(VpnProcess.start(List.of("curl", "-sS", "--max-time", "120", "--socks5-hostname",
                "127.0.0.1:" + proxy, "-o", downloaded.toString(), "http://localhost:" + httpPort + "/big.bin"), Map.of()));
        assertEquals(0, curl.waitFor(Duration.ofSeconds(150)), curl.stderr().toString());
        assertEquals(sha256(big), sha256(downloaded));

        VpnProcess refused = closing(VpnProcess.start(List.of("curl", "-sS", "--max-time", "30", "--socks5-hostname",
                "127.0.0.1:" + proxy, "http://example.org/"), Map.of()));
        assertEquals(97, refused.waitFor(WAIT), "curl's SOCKS failure: " + refused.stderr());
        assertTrue(refused.stderr().toString().contains("(2)"), "not allowed by ruleset: " + refused.stderr());
        server.process().awaitLine("tunnel: refused alice -> example\\.org:80: not allowed$", WAIT);
    }

    @Test
    void aHundredConnectionsAtOnceThroughVpnForwardEachGetTheirOwnBytesBack() throws Exception {
        Target target = closing(new Target());
        Dist.Server server = server("127.0.0.1:" + target.port());
        Forward forward = forward(server.port(), "127.0.0.1", target.port());
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            int n = i;
            clients.add(Thread.ofVirtual().start(() -> {
                try {
                    byte[] sent = random(200_000 + n, n);
                    assertArrayEquals(sent, echo(forward.port(), sent));
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        for (Thread client : clients) {
            client.join(WAIT);
        }
        assertEquals(List.of(), failures);
        assertEquals(1, forward.process().stdout().size(), "the readiness line alone: " + forward.process().stdout());
    }

    @Test
    void aConnectionWhoseClientStopsReadingDoesNotSlowTheOthers() throws Exception {
        Target target = closing(new Target());
        Dist.Server server = server("127.0.0.1:" + target.port());
        Forward forward = forward(server.port(), "127.0.0.1", target.port());
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = closing(new Socket(InetAddress.getLoopbackAddress(), forward.port()));
            socket.getOutputStream().write('F'); // the target floods it; it never reads
            stalled.add(socket);
        }
        Thread.sleep(1000); // their windows are spent, and their sockets' buffers full, by now
        byte[] sent = random(20 * 1024 * 1024, 7);
        long start = System.nanoTime();
        assertArrayEquals(sent, echo(forward.port(), sent));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "20 MiB each way took " + took);
        assertTrue(stalled.stream().allMatch(s -> !s.isClosed()));
    }

    @Test
    void aDisallowedTargetAndAClosedPortGetTheirErrors() throws Exception {
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = probe.getLocalPort();
        }
        Dist.Server server = server("127.0.0.1:" + closed + ",localhost:" + closed);

        VpnProcess disallowed = client(server.port(), "alice", "forward", "0:10.1.2.3:22");
        assertEquals(5, disallowed.waitFor(WAIT), disallowed.stderr().toString());
        assertEquals("error: forwarding to 10.1.2.3:22 is not allowed (the server's --allow-forward)",
                disallowed.stderr().getLast());
        assertEquals(List.of(), disallowed.stdout(), "no readiness line");
        server.process().awaitLine("tunnel: refused alice -> 10\\.1\\.2\\.3:22: not allowed$", WAIT);

        Forward forward = forward(server.port(), "127.0.0.1", closed); // allowed: the check passes
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), forward.port())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            int read;
            try {
                read = socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                read = -1;
            }
            assertEquals(-1, read, "closed at once");
        }
        awaitError(forward.process(), "warning: 127.0.0.1:" + closed + ": connection refused");

        int proxy = socks(server.port());
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy)) {
            assertEquals(0x05, socksConnect(socket, "localhost", closed), "connection refused");
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy)) {
            assertEquals(0x02, socksConnect(socket, "localhost", closed + 1 == 65536 ? 1 : closed + 1),
                    "not allowed by ruleset");
        }
    }

    @Test
    void aKeyWithNoPortForwardingIsRefusedAndForwardWithoutUsersDoesNotStart() throws Exception {
        keygen("bob");
        Files.writeString(authorizedKeys, "no-port-forwarding " + Files.readString(temp.resolve("bob.pub")),
                java.nio.file.StandardOpenOption.APPEND);
        Dist.Server server = server("*:*");
        VpnProcess bob = client(server.port(), "bob", "forward", "0:127.0.0.1:80");
        assertEquals(5, bob.waitFor(WAIT), bob.stderr().toString());
        assertEquals("error: your key may not forward ports (its authorized_keys options)", bob.stderr().getLast());
        server.process().awaitLine("tunnel: refused bob -> 127\\.0\\.0\\.1:80: not allowed$", WAIT);

        VpnProcess noUsers = closing(Dist.launch("server", "--host", "127.0.0.1", "--port", "0", "--key-file",
                temp.resolve("server_ed25519").toString(), "--allow-forward", "*:*"));
        assertEquals(2, noUsers.waitFor(WAIT));
        assertTrue(noUsers.stderr().contains("error: --allow-forward needs --authorized-keys: tunnels are for known users"),
                noUsers.stderr().toString());
    }

    @Test
    void aDroppedSessionIsReestablishedAndNewConnectionsGoThroughTheNextOne() throws Exception {
        Target target = closing(new Target());
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String[] serverArgs = {"server", "--host", "127.0.0.1", "--port", String.valueOf(port), "--key-file",
                temp.resolve("server_ed25519").toString(), "--authorized-keys", authorizedKeys.toString(),
                "--allow-forward", "127.0.0.1:" + target.port()};
        VpnProcess first = closing(Dist.launch(serverArgs));
        first.awaitListeningPort();
        Forward forward = forward(port, "127.0.0.1", target.port());
        byte[] sent = random(100_000, 1);
        assertArrayEquals(sent, echo(forward.port(), sent));

        Socket open = closing(new Socket(InetAddress.getLoopbackAddress(), forward.port()));
        open.setSoTimeout((int) WAIT.toMillis());
        open.getOutputStream().write('E');
        first.terminate();
        assertEquals(0, first.waitFor(WAIT));
        int read;
        try {
            read = open.getInputStream().read();
        } catch (java.net.SocketException reset) {
            read = -1;
        }
        assertEquals(-1, read, "the connection open in the dropped session ends");
        awaitError(forward.process(), "warning: 127.0.0.1:" + port + ": the server ended the session; reconnecting in 1 s");

        VpnProcess second = closing(Dist.launch(serverArgs));
        second.awaitListeningPort();
        assertArrayEquals(sent, echo(forward.port(), sent), "a new connection waits for the new session");
        awaitError(forward.process(), "Reconnected to 127.0.0.1:" + port);
        assertEquals(1, forward.process().stdout().size(), "still the readiness line alone");
    }

    @Test
    void remoteForwardingHasTheServerListenForTheClientsTarget() throws Exception {
        Target target = closing(new Target());
        int listen;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listen = probe.getLocalPort();
        }
        Dist.Server server = closing(Dist.server("--key-file", temp.resolve("server_ed25519").toString(),
                "--authorized-keys", authorizedKeys.toString(), "--allow-remote-forward", String.valueOf(listen)));
        VpnProcess remote = client(server.port(), "alice", "forward", "--remote",
                listen + ":127.0.0.1:" + target.port());
        remote.awaitLine("^Forwarding remote 127\\.0\\.0\\.1:" + listen + " -> 127\\.0\\.0\\.1:" + target.port()
                + " via 127\\.0\\.0\\.1:" + server.port() + "$", WAIT);
        byte[] sent = random(3_000_000, 3);
        assertArrayEquals(sent, echo(listen, sent), "through the server's port to the client's target");

        VpnProcess refused = client(server.port(), "alice", "forward", "--remote", "1:127.0.0.1:" + target.port());
        assertEquals(5, refused.waitFor(WAIT), refused.stderr().toString());
        assertEquals("error: listening on the server's port 1 is not allowed (the server's --allow-remote-forward)",
                refused.stderr().getLast());
    }

    @Test
    void aKeysPermitlistenHoldsItsRemoteForwardsToItsPorts() throws Exception {
        Target target = closing(new Target());
        int allowed;
        int other;
        try (ServerSocket one = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket two = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            allowed = one.getLocalPort();
            other = two.getLocalPort();
        }
        keygen("bob");
        Files.writeString(authorizedKeys, "permitlisten=\"localhost:" + allowed + "\" "
                + Files.readString(temp.resolve("bob.pub")), java.nio.file.StandardOpenOption.APPEND);
        Dist.Server server = closing(Dist.server("--key-file", temp.resolve("server_ed25519").toString(),
                "--authorized-keys", authorizedKeys.toString(), "--allow-remote-forward", "*"));
        VpnProcess refused = client(server.port(), "bob", "forward", "--remote", other + ":127.0.0.1:" + target.port());
        assertEquals(5, refused.waitFor(WAIT), refused.stderr().toString());
        assertEquals("error: listening on the server's port " + other + " is not allowed (the server's "
                + "--allow-remote-forward and your key's permitlisten)", refused.stderr().getLast());
        VpnProcess remote = client(server.port(), "bob", "forward", "--remote", allowed + ":127.0.0.1:" + target.port());
        remote.awaitLine("^Forwarding remote 127\\.0\\.0\\.1:" + allowed + " -> ", WAIT);
        byte[] sent = random(100_000, 4);
        assertArrayEquals(sent, echo(allowed, sent), "the key's own port works");
    }

    private static void awaitError(VpnProcess process, String line) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!process.stderr().contains(line)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line '" + line + "' in " + process.stderr());
            }
            Thread.sleep(50);
        }
    }
}
