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
import vpn.core.client.ClientSession;
import vpn.core.client.SecureClientSession;
import vpn.core.client.VpnClient;
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

    private VpnClient client(ClientSecurity security, CipherProvider... providers) throws Exception {
        CipherProvider[] offered = providers.length == 0 ? Vectors.allProviders().toArray(CipherProvider[]::new) : providers;
        return Fixtures.client(CipherRegistry.ofProviders(offered), LIMITS, security);
    }

    private ClientSession connect(MitmProxy proxy, ClientSecurity security, CipherProvider... providers) throws Exception {
        return client(security, providers).connect("127.0.0.1", proxy.port(), new Recorder());
    }

    /** Tamper: replace the {@code index}-th message of one direction. */
    private static MitmProxy.Tamper at(Way way, int index, java.util.function.Function<byte[], List<byte[]>> edit) {
        return (w, i, message) -> w == way && i == index ? edit.apply(message) : List.of(message);
    }

    private void assertNothingReceived() throws InterruptedException {
        Thread.sleep(200);
        assertTrue(serverLines.lines().stream().noneMatch(l -> l.contains("Received:")), serverLines.lines().toString());
    }

    @Test
    void anEditedProposalBreaksTheServersSignature() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 0, m -> List.of(MitmProxy.text(m)
                .replace("AES:[128,192,256],", "").getBytes(StandardCharsets.ISO_8859_1))));
        ProtocolException e = assertThrows(ProtocolException.class, () -> connect(proxy,
                ClientSecurity.opportunistic(knownHosts), Vectors.provider("AES"), Vectors.provider("DES")));
        assertTrue(e.getMessage().startsWith("the server's signature over the handshake does not verify"), e.getMessage());
        assertNothingReceived();
    }

    @Test
    void aStrippedSignalIsRefusedOnceTheServerKeyIsPinned() throws Exception {
        MitmProxy honest = proxy(MitmProxy.Tamper.NONE);
        connect(honest, ClientSecurity.opportunistic(knownHosts)).close();
        // Later, an attacker at the same address removes the signal to force classic mode.
        MitmProxy stripping = proxy(at(Way.CLIENT_TO_SERVER, 0, MitmProxyAttacks::stripSignal));
        KnownHosts sameAddress = knownHostsFor(honest.port(), stripping.port());
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> connect(stripping, ClientSecurity.opportunistic(sameAddress)));
        assertTrue(e.getMessage().startsWith("the server answered in classic mode, but a key is pinned for 127.0.0.1:"
                + stripping.port()), e.getMessage());
    }

    /** The pins of one proxy's address, copied under another's (both stand for "the server's address"). */
    private KnownHosts knownHostsFor(int pinnedPort, int newPort) throws Exception {
        KnownHosts copy = Fixtures.freshKnownHosts();
        copy.pin("127.0.0.1:" + newPort, knownHosts.lookup("127.0.0.1:" + pinnedPort).orElseThrow());
        return copy;
    }

    @Test
    void aStrippedSignalIsRefusedWithRequireSecure() throws Exception {
        MitmProxy stripping = proxy(at(Way.CLIENT_TO_SERVER, 0, MitmProxyAttacks::stripSignal));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> connect(stripping, ClientSecurity.requireSecure(knownHosts)));
        assertTrue(e.getMessage().startsWith("the server answered in classic mode, but --require-secure is set"),
                e.getMessage());
    }

    @Test
    void withoutAPinOrRequireSecureAStrippedSignalFallsBackToClassicWithAWarning() throws Exception {
        // The limit of trust on first use, as with SSH: the very first contact cannot tell.
        MitmProxy stripping = proxy(at(Way.CLIENT_TO_SERVER, 0, MitmProxyAttacks::stripSignal));
        Recorder lines = new Recorder();
        try (ClientSession session = client(ClientSecurity.opportunistic(knownHosts)).connect("127.0.0.1",
                stripping.port(), lines)) {
            assertFalse(session.secure());
        }
        assertTrue(lines.lines().stream().anyMatch(l -> l.startsWith("warning: the server answered in classic mode")));
    }

    @Test
    void aFlippedByteInARecordIsDetectedAndNeverDelivered() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 2, MitmProxyAttacks::flipLastCiphertextByte));
        try (ClientSession session = connect(proxy, ClientSecurity.opportunistic(knownHosts))) {
            assertThrows(ProtocolException.class, () -> session.exchange(SECRET));
        }
        assertTrue(serverLines.awaitLineContaining("record 0 failed authentication: tampered, replayed, reordered or dropped", 3000),
                serverLines.lines().toString());
        assertNothingReceived();
    }

    @Test
    void aFlippedByteInAReplyIsDetectedByTheClient() throws Exception {
        MitmProxy proxy = proxy(at(Way.SERVER_TO_CLIENT, 2, MitmProxyAttacks::flipLastCiphertextByte));
        try (ClientSession session = connect(proxy, ClientSecurity.opportunistic(knownHosts))) {
            ProtocolException e = assertThrows(ProtocolException.class, () -> session.exchange(SECRET));
            assertEquals("record 0 failed authentication: tampered, replayed, reordered or dropped", e.getMessage());
        }
    }

    @Test
    void aReplayedRecordIsDetected() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 2, m -> List.of(m, m)));
        try (ClientSession session = connect(proxy, ClientSecurity.opportunistic(knownHosts))) {
            assertEquals("Server says: eno", session.exchange("one"));
        }
        assertTrue(serverLines.awaitLineContaining("record 1 failed authentication", 3000), serverLines.lines().toString());
        assertEquals(1, serverLines.lines().stream().filter(l -> l.contains("Received: one")).count());
    }

    @Test
    void reorderedRecordsAreDetected() throws Exception {
        AtomicReference<byte[]> held = new AtomicReference<>();
        MitmProxy proxy = proxy((way, index, message) -> {
            if (way == Way.CLIENT_TO_SERVER && index == 2) {
                held.set(message);
                return List.of();
            }
            if (way == Way.CLIENT_TO_SERVER && index == 3) {
                return List.of(message, held.get());
            }
            return List.of(message);
        });
        sendTwoRecordsAndExpectTheServerToRefuseTheFirst(proxy);
    }

    @Test
    void aDroppedRecordIsDetectedAtTheNextOne() throws Exception {
        MitmProxy proxy = proxy(at(Way.CLIENT_TO_SERVER, 2, m -> List.of()));
        sendTwoRecordsAndExpectTheServerToRefuseTheFirst(proxy);
    }

    /** Sends two records without waiting for replies; the tamper under test makes record 0 fail. */
    private void sendTwoRecordsAndExpectTheServerToRefuseTheFirst(MitmProxy proxy) throws Exception {
        try (ClientSession session = connect(proxy, ClientSecurity.opportunistic(knownHosts))) {
            SecureChannel channel = ((SecureClientSession) session).channel();
            channel.send("first".getBytes(StandardCharsets.UTF_8));
            channel.send("second".getBytes(StandardCharsets.UTF_8));
            assertThrows(ProtocolException.class, () -> channel.receive(Duration.ofSeconds(3)));
        }
        assertTrue(serverLines.awaitLineContaining("record 0 failed authentication", 3000), serverLines.lines().toString());
        assertNothingReceived();
    }

    @Test
    void aTruncatedSessionIsDetected() throws Exception {
        MitmProxy proxy = proxy((way, index, message) ->
                way == Way.CLIENT_TO_SERVER && (message[0] & 0xff) == SecureProtocol.CLOSE ? List.of() : List.of(message));
        try (ClientSession session = connect(proxy, ClientSecurity.opportunistic(knownHosts))) {
            assertEquals("Server says: eno", session.exchange("one"));
        }
        assertTrue(serverLines.awaitLineContaining("the session was truncated", 3000), serverLines.lines().toString());
    }

    @Test
    void aSwappedServerKeyIsRefusedLoudly() throws Exception {
        MitmProxy proxy = proxy(MitmProxy.Tamper.NONE);
        connect(proxy, ClientSecurity.opportunistic(knownHosts)).close();
        // The attacker answers at the same address with a server of its own.
        Recorder impostorLines = new Recorder();
        ServerIdentity impostor = ServerIdentity.generate(Fixtures.RANDOM);
        proxy.retarget(startServer(impostor, impostorLines));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> connect(proxy, ClientSecurity.opportunistic(knownHosts)));
        assertTrue(e.getMessage().startsWith("THE SERVER KEY OF 127.0.0.1:" + proxy.port() + " HAS CHANGED"), e.getMessage());
        assertTrue(e.getMessage().contains("Expected " + identity.fingerprint())
                && e.getMessage().contains("presented " + impostor.fingerprint()), e.getMessage());
        Thread.sleep(200);
        assertTrue(impostorLines.lines().stream().noneMatch(l -> l.contains("Received:")));
    }

    @Test
    void aCaptureOfASecureSessionHoldsNeitherThePlaintextNorItsReversal() throws Exception {
        MitmProxy proxy = proxy(MitmProxy.Tamper.NONE);
        try (ClientSession session = connect(proxy, ClientSecurity.opportunistic(knownHosts))) {
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
        try (ClientSession session = connect(proxy, ClientSecurity.classicOnly(knownHosts))) {
            session.exchange(SECRET);
        }
        assertTrue(new String(proxy.captured(), StandardCharsets.ISO_8859_1).contains(REVERSED));
    }
}
