package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.channel.MessageChannel;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.CipherSuite;
import vpn.core.testing.Fixtures;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Vectors;
import vpn.core.transport.MessageReader;

/**
 * A whole classic session in memory: both handshakes over a pipe (with a small DH group, the same
 * code as the 8192-bit one), then messages as records to the server and replies in clear back,
 * padded as the request was, at and above the longest message one record carries.
 */
class ClassicSessionTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(10));
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final DiffieHellman DH = new DiffieHellman(Fixtures.SMALL_GROUP, Fixtures.RANDOM);

    /** Both ends of an established session, and the server's end of the pipe (to see what it wrote). */
    private record Session(MessageChannel client, MessageChannel server, PipeTransport serverWire, PipeTransport clientWire) {
    }

    private static Session open(String cipher, int keySize) throws Exception {
        PipeTransport[] pipe = PipeTransport.pair();
        CipherProvider provider = Vectors.provider(cipher);
        CipherSuite suite = new CipherSuite(cipher, keySize);
        ClassicServerHandshake serverSide = new ClassicServerHandshake(DH, KeyPairSource.direct(DH), LIMITS);
        CompletableFuture<MessageChannel> server = CompletableFuture.supplyAsync(() -> {
            try {
                serverSide.announce(pipe[1], suite);
                return serverSide.run(pipe[1], new MessageReader(pipe[1], LIMITS), suite, provider);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });
        MessageReader clientReader = new MessageReader(pipe[0], LIMITS);
        assertEquals(suite, clientReader.read("choice", ClassicMessages.choiceFormat(
                new vpn.core.negotiation.Proposal(List.of(new vpn.core.negotiation.Offer(cipher, List.of(keySize))))),
                256, WAIT));
        MessageChannel client = new ClassicClientHandshake(DH, KeyPairSource.direct(DH), LIMITS)
                .run(pipe[0], clientReader, suite, provider);
        return new Session(client, server.get(), pipe[1], pipe[0]);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theServerAnnouncesItsChoiceInTheReferencesForm() throws Exception {
        Session session = open("AES", 256);
        assertArrayEquals(Choice.toBytes(new CipherSuite("AES", 256)), session.serverWire().written().get(0));
        assertEquals(new CipherSuite("AES", 256), session.client().suite());
        assertEquals(new CipherSuite("AES", 256), session.server().suite());
        assertFalse(session.client().secure());
        assertFalse(session.server().secure());
    }

    @Test
    void aMessageGoesAsARecordAndItsReplyComesBackPaddedAsTheRequestWas() throws Exception {
        Session session = open("AES", 128);
        session.client().send(ascii("hello"));
        assertArrayEquals(ascii("hello"), session.server().receive(WAIT).orElseThrow());
        session.server().send(ascii("olleh"));
        // "hello" took 11 bytes of padding to fill its 16-byte block: the reply carries as many zeros.
        byte[] wire = session.serverWire().written().getLast();
        assertArrayEquals(Arrays.copyOf(ascii("olleh"), 16), wire);
        assertArrayEquals(ascii("olleh"), session.client().receiveReply(ascii("olleh"), WAIT).orElseThrow());

        // The next record runs on the chain and the MAC; a block-aligned one carries no padding.
        session.client().send(ascii("sixteen bytes!!!"));
        assertArrayEquals(ascii("sixteen bytes!!!"), session.server().receive(WAIT).orElseThrow());
        session.server().send(ascii("!!!setyb neetxis"));
        assertArrayEquals(ascii("!!!setyb neetxis"), session.serverWire().written().getLast());
        assertArrayEquals(ascii("!!!setyb neetxis"), session.client().receive(WAIT).orElseThrow());
    }

    /** AES: 65,536 / 16 * 16 - 15; Blowfish: 65,536 - 7; XOR, a byte-wise cipher: the whole 65,536. */
    @ParameterizedTest(name = "{0}: {2} bytes")
    @CsvSource({"AES, 256, 65521", "Blowfish, 448, 65529", "XOR, 256, 65536"})
    void theLongestMessageGoesBothWaysAndOneByteMoreIsRefused(String cipher, int keySize, int longest) throws Exception {
        Session session = open(cipher, keySize);
        assertEquals(longest, session.client().maxMessageBytes());
        assertEquals(longest, session.server().maxMessageBytes());
        assertEquals(longest, ClassicProtocol.maxMessage(Vectors.provider(cipher).blockSize()));
        byte[] message = new byte[longest];
        Arrays.fill(message, (byte) 'm');
        session.client().send(message);
        assertArrayEquals(message, session.server().receive(WAIT).orElseThrow());
        session.server().send(message);
        assertArrayEquals(message, session.client().receiveReply(message, WAIT).orElseThrow());

        byte[] tooLong = new byte[longest + 1];
        IllegalArgumentException client = assertThrows(IllegalArgumentException.class, () -> session.client().send(tooLong));
        assertEquals("the message is " + (longest + 1) + " bytes; one message holds at most " + longest,
                client.getMessage());
        assertThrows(IllegalArgumentException.class, () -> session.server().send(tooLong));
    }

    @Test
    void closingEitherEndEndsTheOthersSessionWithoutAMessage() throws Exception {
        Session session = open("Blowfish", 448);
        session.client().close();
        assertEquals(Optional.empty(), session.server().receive(WAIT));

        Session aborted = open("AES", 256);
        aborted.server().abort();
        assertEquals(Optional.empty(), aborted.client().receive(WAIT));
    }
}
