package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ServerIdentity;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/**
 * Per-source MaxStartups over real sockets: an attacker on 127.0.0.2 opens many connections that
 * never finish their handshake, and a good client on 127.0.0.1 is served meanwhile. (Linux routes
 * all of 127/8 to the loopback interface, so a client socket can be bound to 127.0.0.2.)
 */
@Timeout(60)
class MaxStartupsFloodTest {

    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(30))
            .withIdleTimeout(Duration.ofSeconds(30));
    private static final InetAddress ATTACKER = address("127.0.0.2");
    private static final long SEED = 11;

    private final Recorder serverLines = new Recorder();
    private final List<Socket> attack = new ArrayList<>();
    private VpnServer server;

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : attack) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFloodFromOneAddressLeavesRoomForAGoodClientFromAnother() throws Exception {
        MaxStartups limit = MaxStartups.parse("4:30:10");
        int maxSessions = 20;
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        server = new VpnServer(Fixtures.server(registry, LIMITS, ServerIdentity.generate(Fixtures.RANDOM)),
                maxSessions, serverLines, VpnServer.Threads.VIRTUAL, VpnServer.Verbosity.QUIET,
                new Startups(limit, new SplittableRandom(SEED)));
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();

        // More connections than the server has sessions: without a per-source limit they take them all.
        int attempts = 3 * maxSessions;
        for (int i = 0; i < attempts; i++) {
            Socket socket = new Socket();
            attack.add(socket);
            socket.bind(new InetSocketAddress(ATTACKER, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            if (i % 2 == 0) {
                // Half of them send a proposal and then nothing; the others send nothing at all.
                try {
                    socket.getOutputStream().write("ProposedCiphers:AES:[256]".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException dropped) {
                    // the server already closed it: it was dropped
                }
            }
        }

        // The server accepts in order, so by the time this session is served it has judged every attacker's connection.
        try (EchoSession session = Fixtures.client(CipherRegistry.ofProviders(Vectors.provider("AES")), LIMITS,
                Fixtures.classicOnly()).connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: doog", session.exchange("good"));
        }

        // Exactly what OpenSSH's arithmetic gives with the same seeded draws: between START and FULL.
        SplittableRandom replay = new SplittableRandom(SEED);
        int expected = 0;
        for (int i = 0; i < attempts; i++) {
            if (!limit.drops(expected, replay)) {
                expected++;
            }
        }
        assertEquals(expected, server.unauthenticated(ATTACKER));
        assertTrue(expected >= 4 && expected <= 10, "admitted " + expected);
        assertEquals(0, server.unauthenticated(InetAddress.getByName("127.0.0.1")), "the good client finished");

        List<String> drops = serverLines.lines().stream().filter(l -> l.contains("--max-startups")).toList();
        assertEquals(1, drops.size(), "one line for the whole flood, not one per connection: " + drops);
        assertTrue(drops.get(0).startsWith("warning: dropping connections past --max-startups 4:30:10: 127.0.0.2 has "),
                drops.get(0));
    }
}
