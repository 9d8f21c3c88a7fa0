package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.EchoClient;
import vpn.core.registry.CipherRegistry;
import vpn.core.server.VpnServer;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/** Secure mode end to end over 127.0.0.1, with the real server and client. */
class SecureModeTest {

    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(5))
            .withIdleTimeout(Duration.ofSeconds(5));

    private final List<VpnServer> servers = new ArrayList<>();
    private final KnownHosts knownHosts = Fixtures.freshKnownHosts();

    @AfterEach
    void stopServers() throws Exception {
        for (VpnServer server : servers) {
            server.close();
        }
    }

    /** Starts a server with every cipher; returns its port. */
    int startServer(ServerIdentity identity, Recorder lines, List<KeyExchange> preference) throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.secureProviders().toArray(CipherProvider[]::new));
        VpnServer server = new VpnServer(Fixtures.server(registry, LIMITS, identity, preference), 16, lines);
        servers.add(server);
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        return port;
    }

    int startServer(ServerIdentity identity, Recorder lines) throws Exception {
        return startServer(identity, lines, SecureServerHandshake.DEFAULT_PREFERENCE);
    }

    EchoClient client(ClientSecurity security, CipherProvider... providers) throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(
                (providers.length == 0 ? Vectors.allProviders().toArray(CipherProvider[]::new) : providers));
        // Naming the ciphers, as --ciphers does, lets secure mode offer the weak ones too.
        if (providers.length > 0) {
            java.util.Map<String, List<Integer>> named = new java.util.LinkedHashMap<>();
            for (CipherProvider provider : providers) {
                named.put(provider.name(), List.of());
            }
            registry = registry.restrict(named);
        }
        return Fixtures.client(registry, LIMITS, security);
    }
    static Stream<Arguments> everyCipherAndKeySize() {
        return Vectors.secureProviders().stream()
                .flatMap(p -> p.keySizes().stream().map(size -> Arguments.of(p.name(), size)));
    }

    @ParameterizedTest(name = "{0}{1}")
    @MethodSource("everyCipherAndKeySize")
    void everyCipherAndKeySize(String cipher, int keySize) throws Exception {
        Recorder serverLines = new Recorder();
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), serverLines);
        Recorder clientLines = new Recorder();
        CipherProvider only = Vectors.restricted(Vectors.provider(cipher), keySize);
        try (EchoSession session = client(ClientSecurity.secure(knownHosts), only)
                .connect("127.0.0.1", port, clientLines)) {
            assertTrue(session.secure());
            assertEquals(cipher + keySize, session.suite().label());
            assertEquals("Server says: olleh", session.exchange("hello"));
            assertEquals("Server says: \u2713 \u00e9t\u00e9", session.exchange("\u00e9t\u00e9 \u2713"));
        }
        assertTrue(serverLines.awaitLineContaining("Received: \u00e9t\u00e9 \u2713", 2000));
        assertTrue(clientLines.lines().contains("Secure mode: X25519 key exchange, server key "
                + "SHA256:" + clientLines.lines().stream().filter(l -> l.startsWith("Secure mode"))
                        .findFirst().orElseThrow().split("SHA256:")[1]), clientLines.lines().toString());
        boolean insecure = Vectors.provider(cipher).insecure();
        assertEquals(insecure, clientLines.lines().stream().anyMatch(l -> l.startsWith("warning: " + cipher)),
                "the client warns exactly for the insecure ciphers: " + clientLines.lines());
    }

    /** The reference transcript's lines, once each and in its order, between the client's own. */
    @Test
    void theClientsTranscriptNamesTheCipherThenNegotiatesTheKey() throws Exception {
        ServerIdentity identity = ServerIdentity.generate(Fixtures.RANDOM);
        int port = startServer(identity, new Recorder());
        Recorder clientLines = new Recorder();
        try (EchoSession session = client(ClientSecurity.secure(knownHosts), Vectors.provider("Blowfish"))
                .connect("127.0.0.1", port, clientLines)) {
            assertEquals("Server says: ih", session.exchange("hi"));
            assertEquals(identity.fingerprint(), session.secureChannel().serverFingerprint());
        }
        List<String> reference = clientLines.lines().stream()
                .filter(line -> line.startsWith("Negotiating") || line.startsWith("We are going")
                        || line.startsWith("The key"))
                .toList();
        assertEquals(List.of(vpn.core.Transcript.NEGOTIATING_CIPHER, vpn.core.Transcript.CHOSEN_CIPHER + "Blowfish448",
                vpn.core.Transcript.NEGOTIATING_KEY, vpn.core.Transcript.KEY_ESTABLISHED), reference);
    }

    @Test
    void anyBinaryPayloadRoundTripsExactly() throws Exception {
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), new Recorder());
        try (EchoSession session = client(ClientSecurity.secure(knownHosts)).connect("127.0.0.1", port,
                new Recorder())) {
            SecureChannel channel = session.secureChannel();
            byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 0, 0};
            channel.send(binary);
            byte[] reply = channel.receive(Duration.ofSeconds(5)).orElseThrow();
            byte[] expected = "Server says: ".getBytes(StandardCharsets.US_ASCII);
            expected = java.util.Arrays.copyOf(expected, expected.length + binary.length);
            for (int i = 0; i < binary.length; i++) {
                expected[expected.length - 1 - i] = binary[i];
            }
            assertArrayEquals(expected, reply);
            // Text with trailing NULs keeps them, unlike classic mode's zero padding.
            assertEquals("Server says: \0\0cba", session.exchange("abc\0\0"));
            assertEquals("Server says: ", session.exchange(""));
            // The echo's largest message: its reply, longer by the 13-byte prefix, is the largest record.
            String largest = "z".repeat(SecureProtocol.MAX_MESSAGE - 13 - 1) + "a";
            assertEquals("Server says: a" + "z".repeat(SecureProtocol.MAX_MESSAGE - 13 - 1), session.exchange(largest));
            assertThrows(IllegalArgumentException.class, () -> session.exchange(largest + "!"));
            assertEquals("Server says: ko", session.exchange("ok"), "an oversize message is refused before sending");
        }
    }

    @Test
    void aMessageTheEchoCannotAnswerEndsTheSessionWithAReasonAndTheServerGoesOn() throws Exception {
        Recorder serverLines = new Recorder();
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), serverLines);
        try (EchoSession session = client(ClientSecurity.secure(knownHosts)).connect("127.0.0.1", port, new Recorder())) {
            SecureChannel channel = session.secureChannel();
            channel.send(new byte[SecureProtocol.MAX_MESSAGE]); // a record may hold it, but its echo could not
            assertEquals(java.util.Optional.empty(), channel.receive(Duration.ofSeconds(5)), "the server's Close");
        }
        assertTrue(serverLines.awaitLineContaining("longer than the echo's 65523", 3000), serverLines.lines().toString());
        try (EchoSession next = client(ClientSecurity.secure(knownHosts)).connect("127.0.0.1", port, new Recorder())) {
            assertEquals("Server says: ko", next.exchange("ok"));
        }
    }

    @Test
    void theFiniteFieldGroupIsNegotiatedWhenTheServerPrefersIt() throws Exception {
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), new Recorder(), List.of(KeyExchange.MODP_8192));
        Recorder clientLines = new Recorder();
        try (EchoSession session = client(ClientSecurity.secure(knownHosts)).connect("127.0.0.1", port, clientLines)) {
            assertEquals(KeyExchange.MODP_8192, session.secureChannel().keyExchange());
            assertEquals("Server says: 2 pood", session.exchange("doop 2"));
        }
    }

    @Test
    void sixtyFourBitBlockCiphersRekeyLongBeforeSweet32() throws Exception {
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), new Recorder());
        try (EchoSession session = client(ClientSecurity.secure(knownHosts), Vectors.provider("DES"))
                .connect("127.0.0.1", port, new Recorder())) {
            SecureChannel channel = session.secureChannel();
            String chunk = "x".repeat(60_000);
            for (int i = 0; i < 10; i++) {
                String message = i + chunk;
                assertEquals("Server says: " + new StringBuilder(message).reverse(), session.exchange(message));
            }
            // 600 KB of 8-byte blocks each way passes the 2^16-block limit at least once.
            assertTrue(channel.sendEpoch() >= 1 && channel.receiveEpoch() >= 1,
                    "epochs " + channel.sendEpoch() + "/" + channel.receiveEpoch());
        }
    }

    @Test
    void theFirstSessionPinsTheServerKeyAndTheSamePinPasses() throws Exception {
        ServerIdentity identity = ServerIdentity.generate(Fixtures.RANDOM);
        int port = startServer(identity, new Recorder());
        Recorder first = new Recorder();
        client(ClientSecurity.secure(knownHosts)).connect("127.0.0.1", port, first).close();
        assertTrue(first.lines().stream().anyMatch(l -> l.startsWith("Pinned the key of 127.0.0.1:" + port
                + " (" + identity.fingerprint() + ")")), first.lines().toString());
        assertEquals("[127.0.0.1]:" + port + " " + vpn.core.keys.SshKeys.publicKeyLine(identity.publicKey(), "") + "\n",
                Files.readString(knownHosts.file()));
        Recorder second = new Recorder();
        client(ClientSecurity.secure(knownHosts)).connect("127.0.0.1", port, second).close();
        assertTrue(second.lines().stream().noneMatch(l -> l.startsWith("Pinned")), second.lines().toString());
    }

    @Test
    void aServerKeyGivenUpFrontMustMatch() throws Exception {
        ServerIdentity identity = ServerIdentity.generate(Fixtures.RANDOM);
        int port = startServer(identity, new Recorder());
        ClientSecurity right = ClientSecurity.secure(knownHosts).expecting(identity.fingerprint());
        client(right).connect("127.0.0.1", port, new Recorder()).close();

        String other = ServerIdentity.generate(Fixtures.RANDOM).fingerprint();
        ClientSecurity wrong = ClientSecurity.secure(Fixtures.freshKnownHosts()).expecting(other);
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> client(wrong).connect("127.0.0.1", port, new Recorder()));
        assertTrue(e.getMessage().contains("HAS CHANGED") && e.getMessage().contains(other)
                && e.getMessage().contains(identity.fingerprint()), e.getMessage());
    }

    @Test
    void theOldFingerprintFormIsStillAcceptedInServerKeyForOneRelease() throws Exception {
        ServerIdentity identity = ServerIdentity.generate(Fixtures.RANDOM);
        int port = startServer(identity, new Recorder());
        String legacy = vpn.core.keys.SshKeys.legacyFingerprint(identity.publicKey());
        assertFalse(legacy.equals(identity.fingerprint()), "the two forms differ");
        client(ClientSecurity.secure(knownHosts).expecting(legacy)).connect("127.0.0.1", port, new Recorder()).close();
        String otherLegacy = vpn.core.keys.SshKeys.legacyFingerprint(
                ServerIdentity.generate(Fixtures.RANDOM).publicKey());
        assertThrows(ProtocolException.class, () -> client(ClientSecurity.secure(Fixtures.freshKnownHosts())
                .expecting(otherLegacy)).connect("127.0.0.1", port, new Recorder()));
    }

    @Test
    void aClassicOnlyClientStillGetsTheClassicProtocol() throws Exception {
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), new Recorder());
        try (EchoSession session = client(ClientSecurity.classic(knownHosts)).connect("127.0.0.1", port,
                new Recorder())) {
            assertFalse(session.secure());
            assertEquals("Server says: olleh", session.exchange("hello"));
        }
    }

    @Test
    void aServiceTheServerDoesNotHaveIsRefusedWithItsNameAndThePinIsStillWritten() throws Exception {
        Recorder serverLines = new Recorder();
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), serverLines);
        vpn.core.client.VpnClient client = new vpn.core.client.VpnClient(
                CipherRegistry.ofProviders(Vectors.provider("AES")), Fixtures.DH, LIMITS, Fixtures.RANDOM,
                ClientSecurity.secure(knownHosts));
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> client.connect("127.0.0.1", port, "chat", 1, new Recorder()));
        assertEquals(ProtocolException.Reason.REFUSED, e.reason());
        assertEquals("the server refused the chat service: the chat service is not installed on this server",
                e.getMessage());
        assertTrue(knownHosts.lookup("127.0.0.1:" + port).isPresent(), "the handshake completed: pinned");
        assertTrue(serverLines.awaitLineContaining("refused the service request: the chat service is not installed",
                3000), serverLines.lines().toString());
        ProtocolException version = assertThrows(ProtocolException.class,
                () -> client.connect("127.0.0.1", port, "echo", 2, new Recorder()));
        assertEquals("the server refused the echo service: this server has version 1 of the echo service, not 2",
                version.getMessage());
    }

    @Test
    void noCommonKeyExchangeIsSaidInPlainText() throws Exception {
        Recorder serverLines = new Recorder();
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), serverLines, List.of(KeyExchange.MODP_8192));
        ProtocolException e = assertThrows(ProtocolException.class, () -> client(
                ClientSecurity.secure(knownHosts).offering(List.of(KeyExchange.X25519))).connect("127.0.0.1", port,
                new Recorder()));
        assertEquals(ProtocolException.Reason.NO_COMMON_KEY_EXCHANGE, e.reason());
        assertEquals("Could not agree on a key exchange", e.getMessage());
    }

    @Test
    void theServerAnswersTheClientsCloseWithItsOwn() throws Exception {
        Recorder serverLines = new Recorder();
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), serverLines);
        try (java.net.Socket raw = new java.net.Socket("127.0.0.1", port)) {
            vpn.core.transport.SocketTransport transport = new vpn.core.transport.SocketTransport(raw);
            vpn.core.client.VpnClient client = new vpn.core.client.VpnClient(
                    CipherRegistry.ofProviders(Vectors.provider("AES")), Fixtures.DH, LIMITS, Fixtures.RANDOM,
                    ClientSecurity.secure(knownHosts));
            SecureChannel channel = (SecureChannel) client.handshake(transport, "127.0.0.1", port, "echo", 1,
                    new Recorder()).unwrap();
            // Send Close without closing our side: the server must answer with its own Close.
            channel.sendRecord(SecureProtocol.CLOSE, new byte[0]);
            assertEquals(Optional.empty(), channel.receive(Duration.ofSeconds(5)));
        }
    }

    /** A client of the core's own, asking for the echo over a raw socket, with its secure channel in hand. */
    private SecureChannel rawSession(int port) throws Exception {
        java.net.Socket raw = new java.net.Socket("127.0.0.1", port);
        vpn.core.client.VpnClient client = new vpn.core.client.VpnClient(
                CipherRegistry.ofProviders(Vectors.provider("AES")), Fixtures.DH, LIMITS, Fixtures.RANDOM,
                ClientSecurity.secure(Fixtures.freshKnownHosts()));
        return (SecureChannel) client.handshake(new vpn.core.transport.SocketTransport(raw), "127.0.0.1", port,
                "echo", 1, new Recorder()).unwrap();
    }

    @Test
    void theServerEndsAnIdleSessionWithItsClose() throws Exception {
        Recorder serverLines = new Recorder();
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.provider("AES"));
        Limits shortIdle = LIMITS.withIdleTimeout(Duration.ofMillis(300));
        VpnServer server = new VpnServer(Fixtures.server(registry, shortIdle, ServerIdentity.generate(Fixtures.RANDOM)),
                4, serverLines);
        servers.add(server);
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        SecureChannel channel = rawSession(port);
        // An authenticated end, not a truncation: receive() gives empty instead of throwing.
        assertEquals(Optional.empty(), channel.receive(Duration.ofSeconds(10)));
        assertTrue(serverLines.awaitLineContaining("timed out waiting for the record", 3000), serverLines.lines().toString());
    }

    @Test
    void shuttingDownEndsEachSessionWithClose() throws Exception {
        Recorder serverLines = new Recorder();
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), serverLines);
        SecureChannel channel = rawSession(port);
        servers.get(servers.size() - 1).close();
        assertEquals(Optional.empty(), channel.receive(Duration.ofSeconds(10)));
    }

    @Test
    void aCloseCarryingDataIsAProtocolError() throws Exception {
        Recorder serverLines = new Recorder();
        int port = startServer(ServerIdentity.generate(Fixtures.RANDOM), serverLines);
        SecureChannel channel = rawSession(port);
        channel.sendRecord(SecureProtocol.CLOSE, new byte[] {1});
        assertTrue(serverLines.awaitLineContaining("a close record carries data", 3000), serverLines.lines().toString());
        channel.abort();
    }
}
