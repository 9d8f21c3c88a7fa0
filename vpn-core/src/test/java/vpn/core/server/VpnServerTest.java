package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.EchoClient;
import vpn.core.classic.ClassicKeys;
import vpn.core.classic.ClassicRecordWriter;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ServerIdentity;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/** The server over real sockets on 127.0.0.1: every cipher, many clients, and hostile ones. */
class VpnServerTest {

    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(2))
            .withIdleTimeout(Duration.ofSeconds(2));
    private static final BigInteger P = DhGroup.MODP_8192.p();

    private static final ServerIdentity IDENTITY = ServerIdentity.generate(Fixtures.RANDOM);
    private final DiffieHellman dh = Fixtures.DH;
    private final Recorder serverLines = new Recorder();
    private Fixtures.RunningServer server;
    private int port;

    @BeforeEach
    void start() throws Exception {
        server = Fixtures.startServer(LIMITS, IDENTITY, serverLines);
        port = server.port();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    static Stream<Arguments> everyCipherAndKeySize() {
        return Vectors.allProviders().stream()
                .flatMap(p -> p.keySizes().stream().map(size -> Arguments.of(p.name(), size)));
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("everyCipherAndKeySize")
    void everyCipherAndKeySizeEndToEnd(String cipher, int keySize) throws Exception {
        EchoClient client = clientOffering(Vectors.restricted(Vectors.provider(cipher), keySize));
        Recorder clientLines = new Recorder();
        try (EchoSession session = client.connect("127.0.0.1", port, clientLines)) {
            assertEquals(cipher + keySize, session.suite().label());
            assertEquals("Server says: olleh", session.exchange("hello"));
            assertEquals("Server says: \u2713 \u00e9t\u00e9", session.exchange("\u00e9t\u00e9 \u2713"));
            String longMessage = "0123456789abcdef".repeat(300) + "!";
            assertEquals("Server says: " + new StringBuilder(longMessage).reverse(), session.exchange(longMessage));
        }
        assertTrue(clientLines.lines().contains("We are going to use " + cipher + keySize));
        assertTrue(serverLines.awaitLineContaining("Received: \u00e9t\u00e9 \u2713", 2000));
    }

    @Test
    void manyClientsAtOnceAreServedAndTheirLinesAttributed() throws Exception {
        EchoClient client = clientOffering(Vectors.provider("AES"));
        int clients = 6;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String message = "client " + i;
                replies.add(pool.submit(() -> {
                    try (EchoSession session = client.connect("127.0.0.1", port, new Recorder())) {
                        Thread.sleep(200); // keep the sessions open together
                        return session.exchange(message);
                    }
                }));
            }
            for (int i = 0; i < clients; i++) {
                assertEquals("Server says: " + new StringBuilder("client " + i).reverse(), replies.get(i).get());
            }
        }
        assertTrue(serverLines.lines().stream().anyMatch(l -> l.matches("\\[127\\.0\\.0\\.1:\\d+] Received: client \\d")),
                serverLines.lines().toString());
    }

    static Stream<Arguments> hostileKeyShares() {
        BigInteger nonResidue = P.subtract(BigInteger.TWO);
        return Stream.of(
                Arguments.of("0", "out of range"),
                Arguments.of("1", "out of range"),
                Arguments.of(P.subtract(BigInteger.ONE).toString(), "out of range"),
                Arguments.of(P.toString(), "out of range"),
                Arguments.of(nonResidue.toString(), "not a quadratic residue"),
                Arguments.of("9".repeat(2468), "longer than"),
                Arguments.of("12x", "not a decimal number"));
    }

    @ParameterizedTest(name = "DHMKE:{1}")
    @MethodSource("hostileKeyShares")
    void invalidKeySharesAreRefusedAndTheServerGoesOn(String value, String reason) throws Exception {
        try (Socket socket = connect()) {
            send(socket, "ProposedCiphers:AES:[256]");
            assertEquals("ChosenCipher:AES,256", receive(socket));
            send(socket, "DHMKE:" + value);
            assertEquals(-1, socket.getInputStream().read(), "the server closes without a key share");
        }
        assertTrue(serverLines.awaitLineContaining(reason, 2000), serverLines.lines().toString());
        assertAGoodClientIsStillServed();
    }

    @Test
    void aClientCannotForgeServerLinesOrEscapeSequences() throws Exception {
        try (EchoSession session = clientOffering(Vectors.provider("AES")).connect("127.0.0.1", port, new Recorder())) {
            session.exchange("hi\nNew client: 6.6.6.6:666\u001b[2J");
        }
        assertTrue(serverLines.awaitLineContaining("Received: hi\\nNew client: 6.6.6.6:666\\x1b[2J", 2000),
                serverLines.lines().toString());
        assertTrue(serverLines.lines().stream().noneMatch(l -> l.startsWith("New client: 6.6.6.6")));
    }

    @Test
    void garbageIsRefused() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals(-1, socket.getInputStream().read());
        }
        assertTrue(serverLines.awaitLineContaining("malformed proposal", 2000), serverLines.lines().toString());
        assertAGoodClientIsStillServed();
    }

    @Test
    void anOversizeProposalIsRefused() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "ProposedCiphers:AES:[" + "1,".repeat(4000));
            assertEquals(-1, socket.getInputStream().read());
        } catch (IOException resetWhileWriting) {
            // the server may close while we still send: that is a refusal too
        }
        assertTrue(serverLines.awaitLineContaining("longer than 4096 bytes", 2000), serverLines.lines().toString());
        assertAGoodClientIsStillServed();
    }

    @Test
    void aSilentClientIsDroppedAfterTheTimeout() throws Exception {
        try (Socket socket = connect()) {
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read(), "the server closes on a silent client");
        }
        assertTrue(serverLines.awaitLineContaining("timed out waiting for the proposal", 2000));
        assertAGoodClientIsStillServed();
    }

    @Test
    void aTamperedTagEndsTheSessionAndNothingIsPrinted() throws Exception {
        try (Socket socket = connect()) {
            RawSession raw = RawSession.establish(socket, dh);
            byte[] record = raw.writer.seal("secret".getBytes(StandardCharsets.UTF_8));
            record[record.length - 1] ^= 1;
            socket.getOutputStream().write(record);
            assertEquals(-1, socket.getInputStream().read());
        }
        assertTrue(serverLines.awaitLineContaining("bad HMAC tag", 2000), serverLines.lines().toString());
        assertTrue(serverLines.lines().stream().noneMatch(l -> l.contains("secret")));
        assertAGoodClientIsStillServed();
    }

    @Test
    void anUnalignedRecordEndsTheSession() throws Exception {
        try (Socket socket = connect()) {
            RawSession.establish(socket, dh);
            socket.getOutputStream().write(new byte[70]);
            socket.setSoTimeout(10_000);
            assertEquals(-1, socket.getInputStream().read());
        }
        assertTrue(serverLines.awaitLineContaining("Closed", 4000), serverLines.lines().toString());
        assertAGoodClientIsStillServed();
    }

    @Test
    void aClientProposingNothingWeHaveIsToldSo() throws Exception {
        try (Socket socket = connect()) {
            send(socket, "ProposedCiphers:Twofish:[256]");
            assertEquals("Could not agree on a cipher", receive(socket));
            assertEquals(-1, socket.getInputStream().read());
        }
        assertAGoodClientIsStillServed();
    }

    private void assertAGoodClientIsStillServed() throws Exception {
        try (EchoSession session = clientOffering(Vectors.provider("AES")).connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: ko", session.exchange("ok"));
        }
    }

    /** A classic-only client: these tests are about the classic protocol (secure mode: SecureModeTest). */
    private EchoClient clientOffering(CipherProvider... providers) throws Exception {
        return Fixtures.client(CipherRegistry.ofProviders(providers), LIMITS, Fixtures.classicOnly());
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String receive(Socket socket) throws IOException {
        byte[] buffer = new byte[8192];
        int n = socket.getInputStream().read(buffer);
        return new String(buffer, 0, n, StandardCharsets.US_ASCII);
    }

    /** A hand-driven client: negotiates AES-256 and the key, then lets the test write raw bytes. */
    private record RawSession(ClassicRecordWriter writer) {
        static RawSession establish(Socket socket, DiffieHellman dh) throws Exception {
            send(socket, "ProposedCiphers:AES:[256]");
            assertEquals("ChosenCipher:AES,256", receive(socket));
            DhKeyPair own = dh.generateKeyPair();
            send(socket, "DHMKE:" + own.publicValue());
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[4096];
            int length = 0;
            int digits = DhGroup.MODP_8192.maxDecimalDigits() - 16;
            while (length < 6 + digits) {
                length += in.read(buffer, length, buffer.length - length);
            }
            Thread.sleep(50);
            while (in.available() > 0) {
                length += in.read(buffer, length, buffer.length - length);
            }
            BigInteger server = new BigInteger(new String(buffer, 6, length - 6, StandardCharsets.US_ASCII));
            byte[] secret = dh.agree(own, server);
            CipherProvider aes = Vectors.provider("AES");
            return new RawSession(new ClassicRecordWriter(aes, ClassicKeys.derive(ClassicKeys.sharedKeyHex(secret), aes, 256)));
        }
    }
}
