package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Secure mode as users meet it: the server's key file and fingerprint, pinning, a changed key. */
class SecureModeIT {

    @TempDir
    Path temp;

    private VpnProcess server(int port, Path keyFile) throws Exception {
        VpnProcess server = Dist.launch("server", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--key-file", keyFile.toString());
        server.awaitListeningPort();
        return server;
    }

    private VpnProcess client(int port, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("client", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--known-hosts", temp.resolve("known_hosts").toString()));
        args.addAll(List.of(options));
        return Dist.launch(args.toArray(String[]::new));
    }

    @Test
    void theServerCreatesAnOwnerOnlyKeyAndShowsItsFingerprint() throws Exception {
        Path keyFile = temp.resolve("keys/server_ed25519");
        String fingerprint;
        try (VpnProcess server = server(0, keyFile)) {
            fingerprint = server.awaitLine("^Server key (SHA256:[A-Za-z0-9+/]{43}) \\(", Duration.ofSeconds(5)).group(1);
            // The fingerprint shown is the key the server presents: compare with the key a client pinned,
            // hashed as ssh-keygen -lf does (SHA-256 over the SSH wire encoding the known_hosts line holds).
            try (VpnProcess client = client(server.awaitListeningPort())) {
                client.closeInput();
                assertEquals(0, client.waitFor(Duration.ofSeconds(30)), client.stderr().toString());
            }
            String pinned = Files.readAllLines(temp.resolve("known_hosts")).get(0).split(" ")[2];
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(java.util.Base64.getDecoder().decode(pinned));
            assertEquals("SHA256:" + java.util.Base64.getEncoder().withoutPadding().encodeToString(digest), fingerprint);
        }
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
        try (VpnProcess again = server(0, keyFile)) {
            again.awaitLine("^Server key " + java.util.regex.Pattern.quote(fingerprint), Duration.ofSeconds(5));
        }
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        try (VpnProcess exposed = Dist.launch("server", "--port", "0", "--key-file", keyFile.toString())) {
            assertEquals(1, exposed.waitFor(Duration.ofSeconds(30)));
            assertTrue(exposed.stderr().get(0).contains("may be read by others (rw-r--r--); run: chmod 600"),
                    exposed.stderr().toString());
        }
    }

    @Test
    void aChangedServerKeyIsRefusedWithBothFingerprints() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String first;
        try (VpnProcess server = server(port, temp.resolve("a"));
             VpnProcess client = client(port)) {
            first = server.stdoutLineContaining("Server key ").orElseThrow().split(" ")[2];
            client.input("hello\n");
            client.closeInput();
            assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.stderr().toString());
            assertTrue(client.stdoutLineContaining("Pinned the key of 127.0.0.1:" + port + " (" + first + ")").isPresent(),
                    client.stdout().toString());
        }
        try (VpnProcess impostor = server(port, temp.resolve("b"));
             VpnProcess client = client(port)) {
            String second = impostor.stdoutLineContaining("Server key ").orElseThrow().split(" ")[2];
            client.input("hello\n");
            client.closeInput();
            assertEquals(4, client.waitFor(Duration.ofSeconds(60)));
            String error = String.join("\n", client.stderr());
            assertTrue(error.startsWith("error: THE SERVER KEY OF 127.0.0.1:" + port + " HAS CHANGED")
                    && error.contains("Expected " + first) && error.contains("presented " + second), error);
            assertTrue(impostor.stdout().stream().noneMatch(l -> l.contains("Received:")), impostor.stdout().toString());
        }
    }

    @Test
    void serverKeyPinsUpFront() throws Exception {
        try (VpnProcess server = server(0, temp.resolve("k"))) {
            int port = server.awaitListeningPort();
            String fingerprint = server.stdoutLineContaining("Server key ").orElseThrow().split(" ")[2];
            try (VpnProcess wrong = client(port, "--server-key", "SHA256:" + "A".repeat(43))) {
                wrong.closeInput();
                assertEquals(4, wrong.waitFor(Duration.ofSeconds(60)));
            }
            try (VpnProcess right = client(port, "--server-key", fingerprint)) {
                right.input("ok\n");
                right.closeInput();
                assertEquals(0, right.waitFor(Duration.ofSeconds(60)), right.stderr().toString());
                assertTrue(right.stdoutLineContaining("Server says: ko").isPresent());
            }
        }
    }
}
