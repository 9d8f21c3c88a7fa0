package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.registry.CipherRegistry;
import vpn.core.registry.RegistryException;
import vpn.core.server.ServerSession;
import vpn.core.testing.EchoClient.EchoSession;
import vpn.core.testing.Fixtures;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;
import vpn.core.transport.Transport;

/**
 * The whole secure handshake (docs/protocol-secure.md, sections 3 and 3a) over an in-memory pipe,
 * with one bit flipped in transit: for every byte of every handshake message, the session must
 * fail. Either peer may be the one to notice (a MAC, the signature, a parser, a refusal), but the
 * client never gets an exchange through and the server never hands the service a message.
 */
class SecureHandshakeTableTest {

    /**
     * Short, because a flip that makes a length larger leaves the reader waiting for bytes that
     * never come: those cases end by this timeout. One second is still far above an X25519
     * handshake on a loaded machine.
     */
    private static final Limits LIMITS = Limits.DEFAULT
            .withHandshakeTimeout(Duration.ofSeconds(1))
            .withIdleTimeout(Duration.ofSeconds(2));

    private static final CipherRegistry REGISTRY = registry();
    private static final ServerIdentity IDENTITY = ServerIdentity.generate(Fixtures.RANDOM);
    /** X25519 only: the table is about tampering, not about the 8192-bit group's cost. */
    private static final List<KeyExchange> X25519 = List.of(KeyExchange.X25519);
    private static final String ENDPOINT = "server:4600";

    /** No table case may succeed, so none pins a key: one file serves them all. */
    private static final KnownHosts KNOWN_HOSTS = Fixtures.freshKnownHosts();

    /** Per message, how the sessions ended (the client's exception and reason): printed at the end. */
    private static final Map<String, Map<String, Integer>> ENDINGS = new ConcurrentHashMap<>();

    /** Which peer writes a message, and which of its writes it is (each protocol message is one write). */
    enum Message {
        PROPOSAL(true, 1),
        SERVER_HELLO(false, 1),
        CLIENT_KEY(true, 2),
        SERVER_AUTH(false, 2),
        SERVICE_REQUEST(true, 3),
        SERVICE_ANSWER(false, 3);

        final boolean fromClient;
        final int write;

        Message(boolean fromClient, int write) {
            this.fromClient = fromClient;
            this.write = write;
        }
    }

    private static CipherRegistry registry() {
        try {
            return CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        } catch (RegistryException e) {
            throw new IllegalStateException("the shipped ciphers pass their self-tests", e);
        }
    }

    /** How one session ended. */
    record Outcome(Exception clientFailure, String reply, Recorder serverLines, Exception serverFailure,
            boolean serverEnded, PipeTransport[] pipe) {
    }

    /**
     * One session over a fresh pipe; {@code tamper} wraps the client's end ({@code fromClient}) or
     * the server's. Ends both sides: the client's end is closed once the client is done, so a
     * server still waiting for bytes sees the end of the stream instead of waiting out a timeout.
     */
    private static Outcome session(Message tampered, Tampering.Factory tamper) throws InterruptedException {
        PipeTransport[] pipe = PipeTransport.pair();
        Transport clientEnd = tampered != null && tampered.fromClient ? tamper.wrap(pipe[0]) : pipe[0];
        Transport serverEnd = tampered != null && !tampered.fromClient ? tamper.wrap(pipe[1]) : pipe[1];

        ServerSession server = Fixtures.server(REGISTRY, LIMITS, IDENTITY, X25519);
        Recorder serverLines = new Recorder();
        AtomicReference<Exception> serverFailure = new AtomicReference<>();
        Thread serverThread = new Thread(() -> {
            try {
                server.run(serverEnd, serverLines);
            } catch (Exception e) {
                serverFailure.set(e);
            } finally {
                close(serverEnd); // as VpnServer does: the client sees the end rather than a timeout
            }
        }, "table-server");
        serverThread.start();

        Exception clientFailure = null;
        String reply = null;
        try (EchoSession echo = Fixtures.client(REGISTRY, LIMITS,
                ClientSecurity.secure(KNOWN_HOSTS).offering(X25519)).handshake(clientEnd, ENDPOINT, new Recorder())) {
            reply = echo.exchange("hello");
        } catch (ProtocolException | IOException e) {
            clientFailure = e;
        } finally {
            close(clientEnd);
        }
        serverThread.join(5_000);
        return new Outcome(clientFailure, reply, serverLines, serverFailure.get(), !serverThread.isAlive(), pipe);
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (IOException e) {
            // a pipe's close does not fail
        }
    }

    /** Flips bit 0 of byte {@code index} of write number {@code write}; passes everything else through. */
    static final class Tampering implements Transport {

        interface Factory {
            Transport wrap(Transport inner);
        }

        private final Transport inner;
        private final int write;
        private final int index;
        private int writes;
        private boolean flipped;

        Tampering(Transport inner, int write, int index) {
            this.inner = inner;
            this.write = write;
            this.index = index;
        }

        @Override
        public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
            return inner.read(buffer, offset, length, timeout);
        }

        @Override
        public void write(byte[] message) throws IOException {
            if (++writes == write && index < message.length) {
                message = message.clone();
                message[index] ^= 1;
                flipped = true;
            }
            inner.write(message);
        }

        @Override
        public String peer() {
            return inner.peer();
        }

        @Override
        public void close() throws IOException {
            inner.close();
        }
    }

    /** The untampered session's messages, in {@link Message} order, as they crossed the pipe. */
    private static List<byte[]> cleanMessages() throws InterruptedException {
        Outcome clean = session(null, null);
        List<byte[]> fromClient = clean.pipe()[0].written();
        List<byte[]> fromServer = clean.pipe()[1].written();
        return Stream.of(Message.values())
                .map(m -> (m.fromClient ? fromClient : fromServer).get(m.write - 1))
                .toList();
    }

    @Test
    @Timeout(10)
    void theUntamperedHandshakeServesTheEcho() throws Exception {
        Outcome clean = session(null, null);
        assertNull(clean.clientFailure());
        assertEquals("Server says: olleh", clean.reply());
        assertTrue(clean.serverLines().awaitLineContaining("Received: hello", 2_000), clean.serverLines().lines().toString());
        assertTrue(clean.serverEnded());
        assertNull(clean.serverFailure());

        // The table's premise: each message is one write, in this order, of these frame types.
        List<byte[]> messages = cleanMessages();
        assertTrue(new String(messages.get(0), java.nio.charset.StandardCharsets.US_ASCII)
                .startsWith("ProposedCiphers:"));
        int[] types = {SecureProtocol.SERVER_HELLO, SecureProtocol.CLIENT_KEY, SecureProtocol.SERVER_AUTH,
                SecureProtocol.SERVICE, SecureProtocol.SERVICE};
        for (int i = 0; i < types.length; i++) {
            assertEquals(types[i], messages.get(i + 1)[0], Message.values()[i + 1].name());
        }
    }

    /** Every byte of every handshake message; the lengths come from a clean run, so the table follows the protocol. */
    static Stream<Arguments> everyByteOfEveryMessage() throws InterruptedException {
        List<byte[]> messages = cleanMessages();
        return Stream.of(Message.values()).flatMap(m ->
                IntStream.range(0, messages.get(m.ordinal()).length).mapToObj(i -> Arguments.of(m, i)));
    }

    @ParameterizedTest(name = "{0} byte {1}")
    @MethodSource("everyByteOfEveryMessage")
    @Timeout(10)
    void aFlippedBitEndsTheSession(Message message, int index) throws Exception {
        Tampering[] tampering = new Tampering[1];
        long start = System.nanoTime();
        Outcome outcome = session(message, inner -> tampering[0] = new Tampering(inner, message.write, index));
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(tampering[0].flipped, "the byte was flipped in transit");
        assertNull(outcome.reply(), "no exchange succeeds");
        assertTrue(outcome.clientFailure() != null, "the client fails");
        assertTrue(outcome.serverEnded(), "the server ends once the client has gone");
        assertFalse(outcome.serverLines().lines().stream().anyMatch(l -> l.contains("Received:")),
                "the service is never handed a message: " + outcome.serverLines().lines());

        String ending = outcome.clientFailure() instanceof ProtocolException p
                ? p.reason().name() : outcome.clientFailure().getClass().getSimpleName();
        ENDINGS.computeIfAbsent(message.name(), k -> new ConcurrentHashMap<>())
                .merge(ending + (millis >= LIMITS.handshakeTimeout().toMillis() ? " (timed out)" : ""), 1, Integer::sum);
    }

    @AfterAll
    static void printEndings() {
        new TreeMap<>(ENDINGS).forEach((message, endings) ->
                System.out.println("[table] " + message + ": " + new TreeMap<>(endings)));
    }
}
