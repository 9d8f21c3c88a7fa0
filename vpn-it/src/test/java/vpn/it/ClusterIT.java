package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.testing.NatsServer;

/**
 * Several servers, one chat (issue 13): real {@code vpn server --cluster nats://...} processes
 * sharing a real nats-server, and {@code vpn chat} clients on each. Broadcasts, /list, direct
 * messages, joins and leaves across servers; a killed server's users leave; an outage of the bus
 * is one line and local chat goes on; a server with another key cannot join; an unknown scheme
 * is a usage error.
 */
class ClusterIT {

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** The users' keys and the authorized-keys file, made once for the class. */
    @TempDir
    static Path temp;

    private static Path authorizedKeys;
    private static int servers;

    private NatsServer nats;
    private Path serverKey;
    private final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void keysAndUsers() throws Exception {
        for (String user : List.of("alice", "bob", "carol")) {
            try (VpnProcess keygen = Dist.launchFrom(Dist.HOME, Map.of("VPN_PASSPHRASE", ""), "keygen",
                    "--file", temp.resolve(user).toString(), "--comment", user)) {
                assertEquals(0, keygen.waitFor(WAIT), keygen.stderr().toString());
            }
        }
        authorizedKeys = temp.resolve("authorized_keys");
        Files.writeString(authorizedKeys, Files.readString(temp.resolve("alice.pub"))
                + Files.readString(temp.resolve("bob.pub")) + Files.readString(temp.resolve("carol.pub")));
    }

    @BeforeEach
    void bus() throws Exception {
        assumeTrue(NatsServer.binary().isPresent(), "nats-server is not installed (apt-get install nats-server; .ci/run does)");
        nats = NatsServer.start();
        serverKey = temp.resolve("cluster_ed25519_" + ++servers); // made by the test's first server, shared by all
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable process : running.reversed()) {
            process.close();
        }
        if (nats != null) {
            nats.close();
        }
    }

    private Dist.Server server(Path keyFile) throws Exception {
        Dist.Server server = Dist.server("--key-file", keyFile.toString(), "--authorized-keys", authorizedKeys.toString(),
                "--cluster", nats.uri());
        running.add(server);
        return server;
    }

    private VpnProcess chat(Dist.Server server, String user) throws IOException {
        VpnProcess chat = Dist.launch("chat", "--host", "127.0.0.1", "--port", String.valueOf(server.port()),
                "--identity", temp.resolve(user).toString(),
                "--known-hosts", temp.resolve(user + servers + ".known_hosts").toString(),
                "--known-users", temp.resolve(user + servers + ".known_users").toString());
        running.add(chat);
        return chat;
    }

    /** Servers a and b of one cluster, alice chatting on a and bob on b, alice having seen bob join. */
    private record TwoServers(Dist.Server a, Dist.Server b, VpnProcess alice, VpnProcess bob) {
    }

    private TwoServers aliceOnAAndBobOnB() throws Exception {
        Dist.Server a = server(serverKey);
        Dist.Server b = server(serverKey);
        VpnProcess alice = chat(a, "alice");
        await(alice, "* joined as alice");
        VpnProcess bob = chat(b, "bob");
        await(alice, "* bob joined");
        return new TwoServers(a, b, alice, bob);
    }

    private static void await(VpnProcess process, String line) throws InterruptedException {
        process.awaitLine("^" + Pattern.quote(line) + "$", WAIT);
    }

    @Test
    void usersOnTwoServersChatAsInOneRoom() throws Exception {
        Dist.Server a = server(serverKey);
        Dist.Server b = server(serverKey);
        await(b.process(), "Cluster: joined " + nats.uri() + " as node " + nodeOf(b) + " (1 other server)");
        VpnProcess alice = chat(a, "alice");
        await(alice, "* joined as alice");
        VpnProcess bob = chat(b, "bob");
        await(bob, "* joined as bob");
        await(alice, "* bob joined");

        bob.input("hello from b\n");
        await(alice, "<bob> hello from b");
        alice.input("/list\n");
        await(alice, "online: alice, bob");
        bob.input("/list\n");
        await(bob, "online: alice, bob");

        alice.input("/send bob only for you\n");
        await(bob, "*alice* only for you");
        assertTrue(alice.stdout().stream().noneMatch(l -> l.startsWith("error:")), alice.stdout().toString());

        bob.closeInput();
        assertEquals(0, bob.waitFor(WAIT));
        await(alice, "* bob left");
        alice.input("/send bob are you there\n");
        await(alice, "error: bob is not online");
    }

    @Test
    void aUserOnTwoServersIsOneUserInTheRoom() throws Exception {
        Dist.Server a = server(serverKey);
        Dist.Server b = server(serverKey);
        VpnProcess bob = chat(b, "bob");
        await(bob, "* joined as bob");
        VpnProcess aliceOnA = chat(a, "alice");
        await(bob, "* alice joined");
        VpnProcess aliceOnB = chat(b, "alice");
        await(aliceOnB, "* joined as alice");
        bob.input("hello, both of you\n");
        await(aliceOnA, "<bob> hello, both of you");
        await(aliceOnB, "<bob> hello, both of you");

        aliceOnA.closeInput();
        assertEquals(0, aliceOnA.waitFor(WAIT));
        bob.input("/list\n");
        await(bob, "online: alice, bob"); // still there, on b
        aliceOnB.closeInput();
        assertEquals(0, aliceOnB.waitFor(WAIT));
        await(bob, "* alice left");
        assertEquals(1, bob.stdout().stream().filter("* alice joined"::equals).count(), bob.stdout().toString());
        assertEquals(1, bob.stdout().stream().filter("* alice left"::equals).count(), bob.stdout().toString());
    }

    @Test
    void aKilledServersUsersLeaveWithinFiveSeconds() throws Exception {
        TwoServers two = aliceOnAAndBobOnB();
        Dist.Server a = two.a();
        Dist.Server b = two.b();
        VpnProcess alice = two.alice();

        long killed = System.nanoTime();
        b.process().close(); // SIGKILL: no last words on the bus
        await(alice, "* bob left");
        double seconds = (System.nanoTime() - killed) / 1e9;
        // 4 s of silence, then the next heartbeat: 5 s at most; the rest is slack for a loaded machine.
        assertTrue(seconds < 8, "bob left after " + seconds + " s");
        a.process().awaitLine("^Cluster: server .* stopped answering \\(no heartbeat for 4 s\\): its users are gone "
                + "\\(1 left\\)$", WAIT);
    }

    @Test
    void aServerStoppedProperlySaysGoodbyeAndItsUsersLeaveAtOnce() throws Exception {
        TwoServers two = aliceOnAAndBobOnB();
        Dist.Server a = two.a();
        Dist.Server b = two.b();
        VpnProcess alice = two.alice();

        long stopped = System.nanoTime();
        b.process().terminate(); // SIGTERM: the server ends its sessions, then leaves the bus
        assertEquals(0, b.process().waitFor(WAIT), b.process().stderr().toString());
        await(alice, "* bob left");
        a.process().awaitLine("^Cluster: server .* \\(node [0-9a-f]{16}\\) left the cluster$", WAIT);
        double seconds = (System.nanoTime() - stopped) / 1e9;
        assertTrue(seconds < 4, "bob left " + seconds + " s after the stop: sooner than a dead server's 4 s of silence");
    }

    @Test
    void aBusThatCannotBeReachedStopsTheServerFromStarting() throws Exception {
        int nothing;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            nothing = probe.getLocalPort();
        }
        VpnProcess server = Dist.launch("server", "--host", "127.0.0.1", "--port", "0", "--key-file", serverKey.toString(),
                "--authorized-keys", authorizedKeys.toString(), "--cluster", "nats://chat:S3CRET@127.0.0.1:" + nothing);
        running.add(server);
        assertEquals(1, server.waitFor(WAIT));
        String error = String.join("\n", server.stderr());
        assertTrue(error.contains("the chat service cannot start: cannot reach the bus nats://127.0.0.1:" + nothing), error);
        assertTrue(!error.contains("S3CRET") && server.stdout().stream().noneMatch(l -> l.contains("S3CRET")),
                "the bus's password is never shown");
        assertTrue(server.stdout().stream().noneMatch(l -> l.startsWith("Listening")), server.stdout().toString());
    }

    @Test
    void aBusOutageIsOneLineLocalChatGoesOnAndTheClusterComesBack() throws Exception {
        Dist.Server a = server(serverKey);
        Dist.Server b = server(serverKey);
        VpnProcess alice = chat(a, "alice");
        VpnProcess carol = chat(a, "carol");
        await(carol, "* joined as carol");
        VpnProcess bob = chat(b, "bob");
        await(alice, "* bob joined");

        nats.stop();
        a.process().awaitLine("^Cluster: lost the bus " + Pattern.quote(nats.uri()) + ": .*; this server's users still "
                + "chat among themselves; reconnecting$", WAIT);
        alice.input("anyone here?\n");
        await(carol, "<alice> anyone here?");
        await(alice, "error: the line reached only the users of this server: its cluster's other servers are out of reach");

        nats.startAgain();
        await(a.process(), "Cluster: reconnected to the bus " + nats.uri());
        await(b.process(), "Cluster: reconnected to the bus " + nats.uri());
        bob.input("back again\n");
        await(alice, "<bob> back again");
        alice.input("/list\n");
        await(alice, "online: alice, bob, carol");
        assertEquals(1, a.process().stdout().stream().filter(l -> l.startsWith("Cluster: lost the bus")).count(),
                "one line for the outage: " + a.process().stdout());
    }

    @Test
    void aServerWithAnotherKeyCannotJoinTheCluster() throws Exception {
        Dist.Server a = server(serverKey);
        await(a.process(), "Cluster: joined " + nats.uri() + " as node " + nodeOf(a) + " (0 other servers)");
        VpnProcess other = Dist.launch("server", "--host", "127.0.0.1", "--port", "0",
                "--key-file", temp.resolve("other_ed25519_" + servers).toString(), "--authorized-keys", authorizedKeys.toString(),
                "--cluster", nats.uri());
        running.add(other);
        assertEquals(1, other.waitFor(WAIT));
        String error = String.join("\n", other.stderr());
        assertTrue(error.contains("the chat service cannot start: the cluster at " + nats.uri()
                + " has servers with another server key"), error);
        assertTrue(other.stdout().stream().noneMatch(l -> l.startsWith("Listening")), other.stdout().toString());
        a.process().awaitLine("^Cluster: ignoring server .*: it presents another server key than this server's", WAIT);
    }

    @Test
    void anUnknownSchemeIsAUsageErrorNamingIt() throws Exception {
        VpnProcess server = Dist.launch("server", "--host", "127.0.0.1", "--port", "0",
                "--key-file", serverKey.toString(), "--authorized-keys", authorizedKeys.toString(),
                "--cluster", "redis://127.0.0.1:6379");
        running.add(server);
        assertEquals(2, server.waitFor(WAIT));
        String error = String.join("\n", server.stderr());
        assertTrue(error.contains("--cluster: unknown scheme 'redis'; this installation has nats://HOST:PORT"), error);
    }

    private static String nodeOf(Dist.Server server) throws InterruptedException {
        return server.process().awaitLine("^Cluster: joined .* as node ([0-9a-f]{16}) ", WAIT).group(1);
    }
}
