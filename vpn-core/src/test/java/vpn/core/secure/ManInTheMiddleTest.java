package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.EchoClient;
import vpn.core.registry.CipherRegistry;
import vpn.core.testing.Fixtures;
import vpn.core.testing.MitmProxy;
import vpn.core.testing.MitmProxy.Way;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/**
 * An attacker on the path, played by {@link MitmProxy}: each attack is detected with the right
 * message, and nothing tampered reaches the application (the server never prints it).
 */
class ManInTheMiddleTest {

    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(3))
            .withIdleTimeout(Duration.ofSeconds(3));
    private static final String SECRET = "attack at dawn";
    private static final String REVERSED = "nwad ta kcatta";

    private final Recorder serverLines = new Recorder();
    private final ServerIdentity identity = ServerIdentity.generate(Fixtures.RANDOM);
    private final KnownHosts knownHosts = Fixtures.freshKnownHosts();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private int serverPort;

    @BeforeEach
    void startServer() throws Exception {
        serverPort = startServer(identity, serverLines);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    private int startServer(ServerIdentity id, Recorder lines) throws Exception {
        Fixtures.RunningServer running = Fixtures.startServer(LIMITS, id, lines);
        resources.add(running);
        return running.port();
    }

    private MitmProxy proxy(MitmProxy.Tamper tamper) throws Exception {
        MitmProxy proxy = new MitmProxy(serverPort, tamper);
        resources.add(proxy);
        return proxy;
    }

    private EchoClient client(ClientSecurity security, CipherProvider... providers) throws Exception {
        CipherProvider[] offered = providers.length == 0 ? Vectors.allProviders().toArray(CipherProvider[]::new) : providers;
        return Fixtures.client(CipherRegistry.ofProviders(offered), LIMITS, security);
    }

    private EchoSession connect(MitmProxy proxy, ClientSecurity security, CipherProvider... providers) throws Exception {
        return client(security, providers).connect("127.0.0.1", proxy.port(), new Recorder());
    }

    /** Tamper: replace the {@code index}-th message of one direction. */
    private static MitmProxy.Tamper at(Way way, int index, java.util.function.Function<byte[], List<byte[]>> edit) {
        return (w, i, message) -> w == way && i == index ? edit.apply(message) : List.of(message);
    }

    /** Waits for the server to end the session (its {@code Closed} line), then checks it printed no message. */
    private void assertNothingReceived() throws InterruptedException {
        assertTrue(serverLines.awaitLineContaining("Closed ", 5000), serverLines.lines().toString());
        assertTrue(serverLines.lines().stream().noneMatch(l -> l.contains("Received:")), serverLines.lines().toString());
    }

    @Test
    void anEditedProposalBreaksTheServersSignature() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 0, m -> List.of(MitmProxy.text(m)
                .replace("AES:[128,192,256],", "").getBytes(StandardCharsets.ISO_8859_1))));
        ProtocolException e = assertThrows(ProtocolException.class, () -> connect(proxy,
                ClientSecurity.secure(knownHosts), Vectors.provider("AES"), Vectors.provider("Blowfish")));
        assertTrue(e.getMessage().startsWith("the server's signature over the handshake does not verify"), e.getMessage());
        assertNothingReceived();
    }

    @Test
    void aStrippedSignalIsRefusedAtFirstContact() throws Exception {
        // Secure mode is required by default: no pin is needed to refuse the downgrade.
        MitmProxy stripping = proxy(at(Way.CLIENT_TO_SERVER, 0, MitmProxyAttacks::stripSignal));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> connect(stripping, ClientSecurity.secure(knownHosts)));
        assertEquals(ProtocolException.Reason.SERVER_AUTHENTICATION, e.reason());
        assertEquals("127.0.0.1:" + stripping.port() + " speaks only the classic protocol, which cannot "
                + "authenticate the server; --classic talks to it anyway", e.getMessage());
        assertTrue(knownHosts.lookup("127.0.0.1:" + stripping.port()).isEmpty(), "nothing is pinned");
        assertNothingReceived();
    }

    @Test
    void aStrippedSignalIsRefusedOnceTheServerKeyIsPinned() throws Exception {
        MitmProxy honest = proxy(MitmProxy.Tamper.NONE);
        connect(honest, ClientSecurity.secure(knownHosts)).close();
        MitmProxy stripping = proxy(at(Way.CLIENT_TO_SERVER, 0, MitmProxyAttacks::stripSignal));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> connect(stripping, ClientSecurity.secure(knownHostsFor(honest.port(), stripping.port()))));
        assertTrue(e.getMessage().contains("speaks only the classic protocol"), e.getMessage());
    }

    /** The pins of one proxy's address, copied under another's (both stand for "the server's address"). */
    private KnownHosts knownHostsFor(int pinnedPort, int newPort) throws Exception {
        KnownHosts copy = Fixtures.freshKnownHosts();
        copy.pin("127.0.0.1:" + newPort, knownHosts.lookup("127.0.0.1:" + pinnedPort).orElseThrow());
        return copy;
    }

    @Test
    void aFlippedByteInARecordIsDetectedAndNeverDelivered() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 3, MitmProxyAttacks::flipLastCiphertextByte));
        try (EchoSession session = connect(proxy, ClientSecurity.secure(knownHosts))) {
            assertThrows(ProtocolException.class, () -> session.exchange(SECRET));
        }
        assertTrue(serverLines.awaitLineContaining("record 1 failed authentication: tampered, replayed, reordered or dropped", 3000),
                serverLines.lines().toString());
        assertNothingReceived();
    }

    @Test
    void aFlippedByteInAReplyIsDetectedByTheClient() throws Exception {
        MitmProxy proxy = proxy(at(Way.SERVER_TO_CLIENT, 3, MitmProxyAttacks::flipLastCiphertextByte));
        try (EchoSession session = connect(proxy, ClientSecurity.secure(knownHosts))) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> session.exchange(SECRET));
            assertEquals("record 1 failed authentication: tampered, replayed, reordered or dropped", e.getMessage());
        }
    }

    @Test
    void aReplayedRecordIsDetected() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 3, m -> List.of(m, m)));
        try (EchoSession session = connect(proxy, ClientSecurity.secure(knownHosts))) {
            assertEquals("Server says: eno", session.exchange("one"));
        }
        assertTrue(serverLines.awaitLineContaining("record 2 failed authentication", 3000), serverLines.lines().toString());
        assertEquals(1, serverLines.lines().stream().filter(l -> l.contains("Received: one")).count());
    }

    @Test
    void reorderedRecordsAreDetected() throws Exception {
        AtomicReference<byte[]> held = new AtomicReference<>();
        MitmProxy proxy = proxy((way, index, message) -> {
            if (way == Way.CLIENT_TO_SERVER && index == 3) {
                held.set(message);
                return List.of();
            }
            if (way == Way.CLIENT_TO_SERVER && index == 4) {
                return List.of(message, held.get());
            }
            return List.of(message);
        });
        sendTwoRecordsAndExpectTheServerToRefuseTheFirst(proxy);
    }

    @Test
    void aDroppedRecordIsDetectedAtTheNextOne() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 3, m -> List.of()));
        sendTwoRecordsAndExpectTheServerToRefuseTheFirst(proxy);
    }

    /** Sends two records without waiting for replies; the tamper under test makes record 0 fail. */
    private void sendTwoRecordsAndExpectTheServerToRefuseTheFirst(MitmProxy proxy) throws Exception {
        try (EchoSession session = connect(proxy, ClientSecurity.secure(knownHosts))) {
            SecureChannel channel = session.secureChannel();
            channel.send("first".getBytes(StandardCharsets.UTF_8));
            channel.send("second".getBytes(StandardCharsets.UTF_8));
            assertThrows(ProtocolException.class, () -> channel.receive(Duration.ofSeconds(3)));
        }
        assertTrue(serverLines.awaitLineContaining("record 1 failed authentication", 3000), serverLines.lines().toString());
        assertNothingReceived();
    }

    @Test
    void aTruncatedSessionIsDetected() throws Exception {
        MitmProxy proxy = proxy((way, index, message) ->
                way == Way.CLIENT_TO_SERVER && (message[0] & 0xff) == SecureProtocol.CLOSE ? List.of() : List.of(message));
        try (EchoSession session = connect(proxy, ClientSecurity.secure(knownHosts))) {
            assertEquals("Server says: eno", session.exchange("one"));
        }
        assertTrue(serverLines.awaitLineContaining("the session was truncated", 3000), serverLines.lines().toString());
    }

    @Test
    void aSwappedServerKeyIsRefusedLoudly() throws Exception {
        MitmProxy proxy = proxy(MitmProxy.Tamper.NONE);
        connect(proxy, ClientSecurity.secure(knownHosts)).close();
        // The attacker answers at the same address with a server of its own.
        Recorder impostorLines = new Recorder();
        ServerIdentity impostor = ServerIdentity.generate(Fixtures.RANDOM);
        proxy.retarget(startServer(impostor, impostorLines));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> connect(proxy, ClientSecurity.secure(knownHosts)));
        assertTrue(e.getMessage().startsWith("THE SERVER KEY OF 127.0.0.1:" + proxy.port() + " HAS CHANGED"), e.getMessage());
        assertTrue(e.getMessage().contains("Expected " + identity.fingerprint())
                && e.getMessage().contains("presented " + impostor.fingerprint()), e.getMessage());
        assertTrue(impostorLines.awaitLineContaining("Closed ", 5000), impostorLines.lines().toString());
        assertTrue(impostorLines.lines().stream().noneMatch(l -> l.contains("Received:")));
    }

    @Test
    void aCaptureOfASecureSessionHoldsNeitherThePlaintextNorItsReversal() throws Exception {
        MitmProxy proxy = proxy(MitmProxy.Tamper.NONE);
        try (EchoSession session = connect(proxy, ClientSecurity.secure(knownHosts))) {
            assertEquals("Server says: " + REVERSED, session.exchange(SECRET));
        }
        String capture = new String(proxy.captured(), StandardCharsets.ISO_8859_1);
        assertTrue(capture.startsWith("ProposedCiphers:"), "the capture has the session");
        assertFalse(capture.contains(SECRET), "plaintext in the capture");
        assertFalse(capture.contains(REVERSED), "reversal in the capture");
    }

    @Test
    void theSameCaptureOfAClassicSessionShowsTheReply() throws Exception {
        // The control for the test above: the capture does see what travels in clear.
        MitmProxy proxy = proxy(MitmProxy.Tamper.NONE);
        try (EchoSession session = connect(proxy, ClientSecurity.classic(knownHosts))) {
            session.exchange(SECRET);
        }
        assertTrue(new String(proxy.captured(), StandardCharsets.ISO_8859_1).contains(REVERSED));
    }
}
