package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes killed where it hurts (SIGKILL, no goodbye): a client in the middle of its handshake
 * or of a record, and the server under connected clients. The server ends what was cut and goes
 * on serving; clients of a server that died say so in one line and exit non-zero. (A transfer
 * killed halfway: {@link FilesIT}.)
 */
class FaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** How soon a client must notice that its server died: the kernel tells it at once; a JVM's exit. */
    private static final Duration NOTICED = Duration.ofSeconds(10);

    @TempDir
    Path temp;

    /**
     * A server that serves one session at a time: a session of a killed client that were stuck would
     * refuse every later client.
     */
    private Dist.Server oneSessionServer() throws Exception {
        return Dist.server("--key-file", temp.resolve("server_ed25519").toString(), "--max-sessions", "1");
    }

    private void killedHalfwayThenAGoodClient(String where, String closedBecause) throws Exception {
        try (Dist.Server server = oneSessionServer();
                VpnProcess halfway = VpnProcess.start(HalfwayClient.command(server.port(), where,
                        temp.resolve("halfway.known_hosts")), Map.of())) {
            halfway.awaitLine("^HALFWAY: sent \\d+ of the \\d+ bytes", WAIT);
            halfway.close(); // SIGKILL
            server.process().awaitLine("^Closed 127\\.0\\.0\\.1:\\d+: " + closedBecause, WAIT);

            try (VpnProcess good = Dist.launch("client", "--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                    "--known-hosts", temp.resolve("good.known_hosts").toString())) {
                good.input("hello\n");
                good.closeInput();
                assertEquals(0, good.waitFor(WAIT), good.stderr().toString());
                assertTrue(good.stdout().contains("Enter message: Server says: olleh"), good.stdout().toString());
            }
            assertTrue(server.process().stdout().stream().noneMatch(l -> l.startsWith("Refused")),
                    "the killed client's session was not left open: " + server.process().stdout());
            assertEquals(List.of(), server.process().stderr());
        }
    }

    @Test
    void aClientKilledMidHandshakeIsClosedAndTheServerServesTheNext() throws Exception {
        killedHalfwayThenAGoodClient("handshake", "connection closed in the middle of the ClientKey$");
    }

    @Test
    void aClientKilledMidRecordIsClosedAndTheServerServesTheNext() throws Exception {
        killedHalfwayThenAGoodClient("record", "connection closed in the middle of the record$");
    }

    private VpnProcess server(int port) throws Exception {
        return Dist.launch("server", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--key-file", temp.resolve("server_ed25519").toString(),
                "--authorized-keys", temp.resolve("alice.pub").toString());
    }

    /** alice's echo client and chat, each with its own known-hosts file, which keeps its pin of the server. */
    private VpnProcess client(String command, int port) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--host", "127.0.0.1",
                "--port", String.valueOf(port), "--identity", temp.resolve("alice").toString(),
                "--known-hosts", temp.resolve(command + ".known_hosts").toString()));
        if (command.equals("chat")) {
            args.addAll(List.of("--known-users", temp.resolve("known_users").toString()));
        }
        return Dist.launch(args.toArray(String[]::new));
    }

    @Test
    void clientsOfAKilledServerExitWithOneLineAndNewOnesWorkAfterItsRestart() throws Exception {
        try (VpnProcess keygen = Dist.launchFrom(Dist.HOME, Map.of("VPN_PASSPHRASE", ""), "keygen",
                "--file", temp.resolve("alice").toString(), "--comment", "alice")) {
            assertEquals(0, keygen.waitFor(WAIT), keygen.stderr().toString());
        }
        int port;
        try (VpnProcess server = server(0);
                VpnProcess echo = client("client", server.awaitListeningPort());
                VpnProcess chat = client("chat", server.awaitListeningPort())) {
            port = server.awaitListeningPort();
            echo.input("hello\n");
            echo.awaitLine("Server says: olleh$", WAIT);
            chat.awaitLine("^\\* joined as alice$", WAIT);

            server.close(); // SIGKILL, with both clients connected and waiting for their user
            long killed = System.nanoTime();
            assertEquals(1, echo.waitFor(NOTICED), echo.stderr().toString());
            assertEquals(1, chat.waitFor(NOTICED), chat.stderr().toString());
            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            assertTrue(took.compareTo(NOTICED) < 0, "both noticed within " + took);
            for (VpnProcess client : List.of(echo, chat)) {
                assertEquals(1, client.stderr().size(), "one line: " + client.stderr());
                assertTrue(client.stderr().getFirst().startsWith("error: "), client.stderr().toString());
            }
        }

        try (VpnProcess restarted = server(port)) {
            assertEquals(port, restarted.awaitListeningPort());
            try (VpnProcess echo = client("client", port); VpnProcess chat = client("chat", port)) {
                echo.input("again\n");
                echo.closeInput();
                assertEquals(0, echo.waitFor(WAIT), echo.stderr().toString()); // the same key: the pin holds
                assertTrue(echo.stdout().contains("Enter message: Server says: niaga"), echo.stdout().toString());
                chat.closeInput();
                assertEquals(0, chat.waitFor(WAIT), chat.stderr().toString());
                assertEquals(List.of("* joined as alice"), chat.stdout());
            }
        }
    }
}
