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
import vpn.core.testing.EchoClient;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;
import vpn.core.transport.SocketTransport;
import vpn.testing.ProxyHeaders;

/**
 * A server behind a load balancer ({@link VpnServer.Origin#PROXY_PROTOCOL}) over real sockets on
 * 127.0.0.1: the address a PROXY v2 header carries is the client's for the lines and per-source
 * MaxStartups; health checks (LOCAL, or a connection closed before a byte, with or without the
 * PROXY protocol) leave no line; a connection without a valid header gets one line and the server
 * serves on.
 */
@Timeout(60)
class ProxyProtocolServerTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(10))
            .withIdleTimeout(Duration.ofSeconds(10));
    private static final ServerIdentity IDENTITY = ServerIdentity.generate(Fixtures.RANDOM);
    private static final InetSocketAddress BALANCER_SIDE = new InetSocketAddress("192.0.2.1", 4600);

    private final Recorder lines = new Recorder();
    private final List<Socket> held = new ArrayList<>();
    private VpnServer server;
    private int port;

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : held) {
            socket.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void start(VpnServer.Origin origin, MaxStartups limit) throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        server = new VpnServer(Fixtures.server(registry, LIMITS, IDENTITY), 16, lines, VpnServer.Threads.VIRTUAL,
                VpnServer.Verbosity.NORMAL, new Startups(limit, new SplittableRandom(1)), origin);
        port = server.bind("127.0.0.1", 0).getPort();
        server.start();
    }

    private static InetSocketAddress address(String ip, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    private static EchoClient client() throws vpn.core.registry.RegistryException {
        return Fixtures.client(CipherRegistry.ofProviders(Vectors.provider("AES")), LIMITS,
                vpn.core.secure.ClientSecurity.secure(Fixtures.freshKnownHosts()));
    }

    /** A real client session through a socket that first sends {@code header}; returns the reply to hello. */
    private String sessionAfter(byte[] header) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(header);
            try (EchoSession session = client().handshake(new SocketTransport(socket), "127.0.0.1:" + port,
                    new Recorder())) {
                return session.exchange("hello");
            }
        }
    }

    /** A connection that sends {@code bytes} and then waits; the caller closes it (or the test's end). */
    private Socket holding(byte[] bytes) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
        held.add(socket);
        socket.getOutputStream().write(bytes);
        return socket;
    }

    /** Waits until the server has no connection left to handle: every line it will write is written. */
    private void awaitIdle() throws InterruptedException {
        for (int i = 0; i < 1000 && server.openSessions() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, server.openSessions(), lines.lines().toString());
    }

    @Test
    void theCarriedAddressIsTheClientsInEveryLine() throws Exception {
        start(VpnServer.Origin.PROXY_PROTOCOL, MaxStartups.DEFAULT);
        byte[] header = ProxyHeaders.proxy(address("203.0.113.7", 51234), BALANCER_SIDE);
        assertEquals("Server says: olleh", sessionAfter(header));
        byte[] ipv6 = ProxyHeaders.proxy(address("2001:db8::7", 443), address("2001:db8::1", 4600),
                ProxyHeaders.tlv(0x05, "unique-id".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("Server says: olleh", sessionAfter(ipv6));
        awaitIdle();
        List<String> printed = lines.lines();
        assertTrue(printed.contains("New client: 203.0.113.7:51234"), printed.toString());
        assertTrue(printed.contains("New client: 2001:db8:0:0:0:0:0:7:443"), printed.toString());
        assertTrue(printed.stream().noneMatch(l -> l.contains("127.0.0.1:") && !l.startsWith("Listening")),
                "the balancer's address in a line: " + printed);
    }

    @Test
    void perSourceLimitsCountTheCarriedAddresses() throws Exception {
        // From 1 unfinished handshake on, every new connection of that source is dropped.
        start(VpnServer.Origin.PROXY_PROTOCOL, MaxStartups.parse("1"));
        InetAddress flooder = InetAddress.getByName("203.0.113.7");
        holding(ProxyHeaders.proxy(new InetSocketAddress(flooder, 1000), BALANCER_SIDE));
        for (int i = 0; i < 100 && server.unauthenticated(flooder) == 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(1, server.unauthenticated(flooder));

        // The same carried address again is dropped: closed before anything is answered.
        Socket second = holding(ProxyHeaders.proxy(new InetSocketAddress(flooder, 1001), BALANCER_SIDE));
        second.setSoTimeout(5000);
        assertEquals(-1, second.getInputStream().read());
        // Another carried address, through the same balancer, is served.
        assertEquals("Server says: olleh", sessionAfter(ProxyHeaders.proxy(address("203.0.113.8", 2000), BALANCER_SIDE)));
        assertEquals(1, server.unauthenticated(flooder));
        assertEquals(0, server.unauthenticated(InetAddress.getLoopbackAddress()), "the balancer's own address counts nothing");
        assertTrue(lines.awaitLineContaining("warning: dropping connections past --max-startups 1: 203.0.113.7 has 1",
                5000), lines.lines().toString());
    }

    @Test
    void healthChecksLeaveNoLine() throws Exception {
        start(VpnServer.Origin.PROXY_PROTOCOL, MaxStartups.DEFAULT);
        // HAProxy's check-send-proxy: LOCAL, then a close; a plain check: connect and close; and both reset.
        holding(ProxyHeaders.local()).close();
        holding(new byte[0]).close();
        Socket reset = holding(ProxyHeaders.local());
        reset.setSoLinger(true, 0);
        reset.close();
        Socket resetEmpty = holding(new byte[0]);
        resetEmpty.setSoLinger(true, 0);
        resetEmpty.close();
        awaitIdle();
        assertEquals(List.of("Listening on 127.0.0.1:" + port), lines.lines());

        // And then the server serves as usual; by its end the checks, accepted first, are long handled.
        assertEquals("Server says: olleh", sessionAfter(ProxyHeaders.proxy(address("203.0.113.7", 1), BALANCER_SIDE)));
        assertOnlyTheGoodSession("203.0.113.7:1");
    }

    /** The lines hold the listening line and one session's, from {@code peer}: no check left a line. */
    private void assertOnlyTheGoodSession(String peer) throws InterruptedException {
        awaitIdle();
        List<String> printed = lines.lines();
        assertEquals(List.of("New client: " + peer), printed.stream().filter(l -> l.contains("127.0.0.1:")
                || l.contains(peer) || l.startsWith("Closed")).filter(l -> !l.startsWith("Listening")).toList(),
                printed.toString());
    }

    @Test
    void aHealthCheckUnderWayDoesNotTagALoneClientsLines() throws Exception {
        start(VpnServer.Origin.PROXY_PROTOCOL, MaxStartups.DEFAULT);
        holding(new byte[0]);
        holding(ProxyHeaders.local());
        assertEquals("Server says: olleh", sessionAfter(ProxyHeaders.proxy(address("203.0.113.7", 1), BALANCER_SIDE)));
        List<String> printed = lines.lines();
        assertTrue(printed.contains("New client: 203.0.113.7:1"), printed.toString());
        assertTrue(printed.contains("Received: hello"), printed.toString());
    }

    @Test
    void aLocalConnectionThatGoesOnIsServedWithTheBalancersAddress() throws Exception {
        start(VpnServer.Origin.PROXY_PROTOCOL, MaxStartups.DEFAULT);
        assertEquals("Server says: olleh", sessionAfter(ProxyHeaders.local()));
        assertTrue(lines.awaitLineContaining("New client: 127.0.0.1:", 5000), lines.lines().toString());
    }

    @Test
    void withoutTheProxyProtocolAConnectionClosedBeforeAByteLeavesNoLine() throws Exception {
        start(VpnServer.Origin.SOCKET, MaxStartups.DEFAULT);
        holding(new byte[0]).close();
        Socket reset = holding(new byte[0]);
        reset.setSoLinger(true, 0);
        reset.close();
        awaitIdle();
        assertEquals(List.of("Listening on 127.0.0.1:" + port), lines.lines());
        try (EchoSession session = client().connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: olleh", session.exchange("hello"));
        }
        awaitIdle();
        List<String> printed = lines.lines();
        assertEquals(1, printed.stream().filter(l -> l.startsWith("New client: 127.0.0.1:")).count(), printed.toString());
        assertTrue(printed.stream().noneMatch(l -> l.startsWith("Closed")), printed.toString());
    }

    @Test
    void withoutTheProxyProtocolAHeaderIsJustABadProposal() throws Exception {
        start(VpnServer.Origin.SOCKET, MaxStartups.DEFAULT);
        Socket socket = holding(ProxyHeaders.proxy(address("203.0.113.7", 1), BALANCER_SIDE));
        socket.setSoTimeout(5000);
        assertEquals(-1, socket.getInputStream().read());
        assertTrue(lines.awaitLineContaining("Closed 127.0.0.1:", 5000), lines.lines().toString());
        assertTrue(lines.lines().stream().noneMatch(l -> l.contains("203.0.113.7")), lines.lines().toString());
    }

    @Test
    void aConnectionWithoutAValidHeaderGetsOneLineAndTheServerServesOn() throws Exception {
        start(VpnServer.Origin.PROXY_PROTOCOL, MaxStartups.DEFAULT);
        // A client of ours connecting directly, a v1 header, version 3, a block over the bound.
        try (Socket direct = new Socket(InetAddress.getLoopbackAddress(), port)) {
            direct.setSoTimeout(5000);
            client().handshake(new SocketTransport(direct), "127.0.0.1:" + port, new Recorder());
            throw new AssertionError("a client without a header was served");
        } catch (IOException | vpn.core.ProtocolException refused) {
            // closed by the server
        }
        List<byte[]> bad = List.of("PROXY TCP4 203.0.113.7 192.0.2.1 1 4600\r\n".getBytes(StandardCharsets.US_ASCII),
                ProxyHeaders.header(0x31, 0x11, new byte[12]),
                ProxyHeaders.header(0x21, 0x11, new byte[600]));
        for (byte[] bytes : bad) {
            Socket socket = holding(bytes);
            socket.setSoTimeout(5000);
            assertEquals(-1, socket.getInputStream().read());
        }
        awaitIdle();
        List<String> closed = lines.lines().stream().filter(l -> l.startsWith("Closed 127.0.0.1:")).toList();
        assertEquals(4, closed.size(), lines.lines().toString());
        // In any order: the server may log a connection's line after the client saw it closed.
        assertTrue(closed.stream().anyMatch(l -> l.endsWith(
                ": no PROXY protocol v2 header, which this server (--proxy-protocol) expects first")), closed.toString());
        assertTrue(closed.stream().anyMatch(l -> l.endsWith(
                ": a PROXY protocol v1 header: only version 2 is accepted (HAProxy's send-proxy-v2)")), closed.toString());
        assertTrue(closed.stream().anyMatch(l -> l.endsWith(": PROXY protocol version 3: only version 2 is accepted")),
                closed.toString());
        assertTrue(closed.stream().anyMatch(l -> l.endsWith(": PROXY protocol v2 header with 600 bytes of addresses, "
                + "more than 512")), closed.toString());
        assertTrue(lines.lines().stream().noneMatch(l -> l.startsWith("New client")), lines.lines().toString());

        assertEquals("Server says: olleh", sessionAfter(ProxyHeaders.proxy(address("203.0.113.9", 9), BALANCER_SIDE)));
    }

    @Test
    void aSilentOrHalfHeaderTimesOutWithOneLine() throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        Limits quick = LIMITS.withHandshakeTimeout(Duration.ofMillis(500));
        server = new VpnServer(Fixtures.server(registry, quick, IDENTITY), 16, lines, VpnServer.Threads.VIRTUAL,
                VpnServer.Verbosity.NORMAL, new Startups(MaxStartups.DEFAULT, new SplittableRandom(1)),
                VpnServer.Origin.PROXY_PROTOCOL);
        port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        Socket silent = holding(new byte[0]);
        Socket half = holding(java.util.Arrays.copyOf(ProxyHeaders.local(), 10));
        for (Socket socket : List.of(silent, half)) {
            socket.setSoTimeout(5000);
            assertEquals(-1, socket.getInputStream().read());
        }
        awaitIdle();
        assertEquals(2, lines.lines().stream().filter(l -> l.startsWith("Closed 127.0.0.1:")
                && l.endsWith(": timed out waiting for the PROXY protocol header")).count(), lines.lines().toString());
    }
}
