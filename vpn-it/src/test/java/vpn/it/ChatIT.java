package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat as users run it: keys made by {@code vpn keygen} (and by OpenSSH's ssh-keygen when it is
 * installed), a server with an authorized-keys file, and {@code vpn chat} clients driven through
 * their standard input, each a real process.
 */
class ChatIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    @TempDir
    Path temp;

    private Path authorizedKeys;

    /** alice's key by vpn keygen; bob's by ssh-keygen where installed (as a user reusing ~/.ssh/id_ed25519 would). */
    @BeforeEach
    void makeKeys() throws Exception {
        keygen("alice");
        if (Files.isExecutable(SSH_KEYGEN)) {
            Process p = new ProcessBuilder(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", "bob",
                    "-f", temp.resolve("bob").toString()).redirectErrorStream(true).start();
            assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } else {
            keygen("bob");
        }
        keygen("carol");
        authorizedKeys = temp.resolve("authorized_keys");
        Files.writeString(authorizedKeys, "# the room's users\n"
                + Files.readString(temp.resolve("alice.pub")) + Files.readString(temp.resolve("bob.pub")));
    }

    private void keygen(String name) throws Exception {
        try (VpnProcess keygen = Dist.launchFrom(Dist.HOME, Map.of("VPN_PASSPHRASE", ""), "keygen",
                "--file", temp.resolve(name).toString(), "--comment", name)) {
            assertEquals(0, keygen.waitFor(WAIT), keygen.stderr().toString());
        }
    }

    private Dist.Server server(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--key-file", temp.resolve("server_ed25519").toString()));
        args.addAll(List.of(extra));
        return Dist.server(args.toArray(String[]::new));
    }

    private VpnProcess chat(int port, String user) throws IOException {
        return Dist.launch("chat", "--host", "127.0.0.1", "--port", String.valueOf(port),
                "--identity", temp.resolve(user).toString(),
                "--known-hosts", temp.resolve(user + ".known_hosts").toString(),
                "--known-users", temp.resolve(user + ".known_users").toString());
    }

    private static void await(VpnProcess process, String line) throws InterruptedException {
        process.awaitLine("^" + Pattern.quote(line) + "$", WAIT);
    }

    @Test
    void broadcastListDirectMessagesAndLeavingAsTwoUsersSeeThem() throws Exception {
        try (Dist.Server server = server("--authorized-keys", authorizedKeys.toString());
                RecordingProxy wire = new RecordingProxy(server.port());
                VpnProcess alice = chat(wire.port(), "alice")) {
            await(alice, "* joined as alice");
            try (VpnProcess bob = chat(server.port(), "bob")) {
                await(bob, "* joined as bob");
                await(alice, "* bob joined");

                alice.input("hello, room\n");
                await(bob, "<alice> hello, room");
                bob.input("/list\n");
                await(bob, "online: alice, bob");

                alice.input("/send bob the-direct-secret 4711\n");
                await(bob, "*alice* the-direct-secret 4711");
                alice.input("/send carol are you there?\n");
                await(alice, "error: carol is not online");
                alice.input("/whois bob\n");
                alice.awaitLine("^bob SHA256:[A-Za-z0-9+/]{43}$", WAIT);

                bob.closeInput();
                assertEquals(0, bob.waitFor(WAIT), bob.stderr().toString());
                assertFalse(bob.stdout().contains("<bob> /list"), "commands are not broadcast");
            }
            await(alice, "* bob left");
            alice.input("still here\n");
            alice.closeInput();
            assertEquals(0, alice.waitFor(WAIT), alice.stderr().toString());
            assertFalse(alice.stdout().stream().anyMatch(l -> l.contains("hello, room")),
                    "your own lines are not echoed: " + alice.stdout());

            server.process().awaitLine("User alice authenticated \\(SHA256:", WAIT);
            server.process().awaitLine("Chat: bob left", WAIT);
            String serverLog = String.join("\n", server.process().stdout()) + String.join("\n", server.process().stderr());
            assertFalse(serverLog.contains("the-direct-secret"), "the server never sees a direct message's text");
            assertFalse(new String(wire.captured(), StandardCharsets.ISO_8859_1).contains("the-direct-secret"),
                    "the wire never carries it in the clear");
            assertFalse(new String(wire.captured(), StandardCharsets.ISO_8859_1).contains("hello, room"));
        }
    }

    @Test
    void aScriptedDirectMessageToAnOfflineUserReliablyReportsIt() throws Exception {
        try (Dist.Server server = server("--authorized-keys", authorizedKeys.toString());
                VpnProcess alice = chat(server.port(), "alice")) {
            alice.input("/send carol hi\n/list\n");
            alice.closeInput();
            assertEquals(0, alice.waitFor(WAIT), alice.stderr().toString());
            assertEquals(List.of("* joined as alice", "error: carol is not online", "online: alice"), alice.stdout());
        }
    }

    @Test
    void aClientKilledMidSessionIsSeenLeaving() throws Exception {
        try (Dist.Server server = server("--authorized-keys", authorizedKeys.toString());
                VpnProcess alice = chat(server.port(), "alice")) {
            await(alice, "* joined as alice");
            VpnProcess bob = chat(server.port(), "bob");
            await(bob, "* joined as bob");
            await(alice, "* bob joined");
            bob.close(); // SIGKILL: no goodbye
            await(alice, "* bob left");
        }
    }

    @Test
    void removingAKeyFromTheAuthorizedKeysEndsItsSessions() throws Exception {
        try (Dist.Server server = server("--authorized-keys", authorizedKeys.toString());
                VpnProcess alice = chat(server.port(), "alice");
                VpnProcess bob = chat(server.port(), "bob")) {
            await(alice, "* joined as alice");
            await(bob, "* joined as bob");
            Files.writeString(authorizedKeys, Files.readString(temp.resolve("bob.pub")));
            server.process().awaitLine("Ending the session of alice from 127\\.0\\.0\\.1:\\d+: the key SHA256:", WAIT);
            alice.waitFor(WAIT);
            await(bob, "* alice left");
        }
    }

    @Test
    void anUnknownKeyIsRefusedWithItsFingerprint() throws Exception {
        try (Dist.Server server = server("--authorized-keys", authorizedKeys.toString());
                VpnProcess carol = chat(server.port(), "carol")) {
            carol.closeInput();
            assertEquals(4, carol.waitFor(WAIT));
            String fingerprint = fingerprintOf(temp.resolve("carol.pub"));
            assertEquals(List.of("error: 127.0.0.1:" + server.port() + " did not accept key " + fingerprint
                    + " (not authorized)"), carol.stderr());
            server.process().awaitLine("not authorized: key " + Pattern.quote(fingerprint), WAIT);
        }
    }

    /** OpenSSH's fingerprint of a public-key line: SHA-256 over the decoded blob, unpadded base64. */
    private static String fingerprintOf(Path publicKeyFile) throws Exception {
        byte[] blob = java.util.Base64.getDecoder().decode(Files.readString(publicKeyFile).split(" ")[1].strip());
        return "SHA256:" + java.util.Base64.getEncoder().withoutPadding()
                .encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(blob));
    }

    @Test
    void aServerWithoutUsersRefusesTheChatWithAClearLine() throws Exception {
        try (Dist.Server server = server();
                VpnProcess alice = chat(server.port(), "alice")) {
            alice.closeInput();
            assertEquals(5, alice.waitFor(WAIT));
            assertTrue(alice.stderr().stream().anyMatch(l -> l.contains("needs authenticated users")),
                    alice.stderr().toString());
        }
    }
}
