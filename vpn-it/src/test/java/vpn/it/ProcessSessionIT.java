package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A server process and client processes over 127.0.0.1, as users run them. */
class ProcessSessionIT {

    private static VpnProcess server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        Dist.Server running = Dist.server();
        server = running.process();
        port = running.port();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static VpnProcess client(String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("client", "--host", "127.0.0.1", "--port", String.valueOf(port)));
        args.addAll(List.of(options));
        return Dist.launch(args.toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}:{1} {2}")
    @CsvSource({"AES,128,secure", "AES,192,secure", "AES,256,secure", "Blowfish,112,secure", "Blowfish,224,secure",
        "Blowfish,448,secure", "DES,56,secure", "XOR,256,secure", "None,256,secure",
        "AES,256,classic", "Blowfish,448,classic", "DES,56,classic", "XOR,256,classic", "None,256,classic"})
    void everyCipherAndKeySize(String cipher, int keySize, String mode, @TempDir Path temp) throws Exception {
        try (VpnProcess client = client("--ciphers", cipher + ":" + keySize,
                "--known-hosts", temp.resolve("known_hosts").toString(), mode.equals("classic") ? "--classic" : "--require-secure")) {
            client.input("hello\nbye " + cipher + "\n\\quit\n");
            assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.stderr().toString());
            List<String> out = client.stdout();
            // Secure mode adds its own lines (the pin, the key exchange), and a warning on standard
            // error for XOR and None.
            List<String> secureLines = out.stream().filter(l -> l.startsWith("Pinned the key of ")
                    || l.startsWith("Secure mode: X25519 key exchange, server key SHA256:")).toList();
            boolean insecure = cipher.equals("XOR") || cipher.equals("None");
            assertEquals(mode.equals("secure") ? 2 : 0, secureLines.size(), out.toString());
            assertEquals(mode.equals("secure") && insecure
                    ? List.of("warning: " + cipher + " does not really encrypt: messages are authenticated, but anyone "
                            + "on the path can read them")
                    : List.of(), client.stderr());
            assertEquals(List.of(
                    "Connected to 127.0.0.1:" + port,
                    "Negotiating the cipher",
                    "We are going to use " + cipher + keySize,
                    "Negotiating the key",
                    "The key has been established",
                    "Enter message: Server says: olleh",
                    "Enter message: Server says: " + new StringBuilder(cipher).reverse() + " eyb",
                    "Enter message: "), out.stream().filter(l -> !secureLines.contains(l)).toList());
        }
        server.awaitLine("Received: bye " + cipher + "$", Duration.ofSeconds(5));
    }

    @Test
    void noCommonCipherExitsWithCode3AndTheReferenceText() throws Exception {
        try (VpnProcess aesOnlyServer = Dist.launch("server", "--host", "127.0.0.1", "--port", "0", "--ciphers", "AES");
             VpnProcess client = Dist.launch("client", "--host", "127.0.0.1", "--ciphers", "DES",
                     "--port", String.valueOf(aesOnlyServer.awaitListeningPort()))) {
            client.closeInput();
            assertEquals(3, client.waitFor(Duration.ofSeconds(30)));
            assertTrue(client.stdout().contains("Could not agree on a cipher"), client.stdout().toString());
        }
    }

    @Test
    void garbageFromOneClientLeavesTheServerServingOthers() throws Exception {
        try (Socket hostile = new Socket("127.0.0.1", port)) {
            OutputStream out = hostile.getOutputStream();
            out.write("\u0016\u0003\u0001 TLS hello?".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            hostile.setSoTimeout(10_000);
            assertEquals(-1, hostile.getInputStream().read(), "the server closes the hostile connection");
        }
        server.awaitLine("^Closed 127\\.0\\.0\\.1:\\d+: malformed proposal", Duration.ofSeconds(5));
        try (VpnProcess client = client("--ciphers", "AES:256")) {
            client.input("still there?\n");
            client.closeInput();
            assertEquals(0, client.waitFor(Duration.ofSeconds(60)));
            assertTrue(client.stdoutLineContaining("Server says: ?ereht llits").isPresent(), client.stdout().toString());
        }
    }

    @Test
    void aClientThatCannotConnectSaysSo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        try (VpnProcess client = Dist.launch("client", "--host", "127.0.0.1", "--port", String.valueOf(closedPort))) {
            assertEquals(1, client.waitFor(Duration.ofSeconds(30)));
            assertTrue(client.stderr().get(0).startsWith("error: 127.0.0.1:" + closedPort + ": Connection refused"),
                    client.stderr().toString());
        }
    }
}
