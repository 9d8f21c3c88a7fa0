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
 * or of a record. The server ends what was cut, with a line saying where, and goes on serving.
 * (A transfer killed halfway: {@link FilesIT}.)
 */
class FaultsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);

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
}
