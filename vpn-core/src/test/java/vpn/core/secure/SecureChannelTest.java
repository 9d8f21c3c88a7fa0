package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.negotiation.CipherSuite;
import vpn.core.testing.Fixtures;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.Vectors;
import vpn.core.transport.MessageReader;

/**
 * An established channel's sending and ending, over a pipe: a batch of messages in one write,
 * refused whole when one of them is too long; abort, which cuts the connection without a Close.
 */
class SecureChannelTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5));
    private static final Duration WAIT = Duration.ofSeconds(5);

    private record Ends(SecureChannel client, SecureChannel server, PipeTransport clientWire) {
        static Ends open() {
            return open("AES-GCM");
        }

        static Ends open(String cipher) {
            PipeTransport[] pipe = PipeTransport.pair();
            byte[] hash = new byte[32];
            byte[] toServer = new byte[32];
            byte[] toClient = new byte[32];
            Fixtures.RANDOM.nextBytes(toServer);
            Fixtures.RANDOM.nextBytes(toClient);
            CipherSuite suite = new CipherSuite(cipher, 256);
            var gcm = Vectors.provider(cipher);
            return new Ends(
                    new SecureChannel(pipe[0], new MessageReader(pipe[0], LIMITS), suite, KeyExchange.X25519, "SHA256:server",
                            gcm, toServer, toClient, Fixtures.RANDOM, hash),
                    new SecureChannel(pipe[1], new MessageReader(pipe[1], LIMITS), suite, KeyExchange.X25519, "SHA256:server",
                            gcm, toClient, toServer, Fixtures.RANDOM, hash),
                    pipe[0]);
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void aBatchGoesInOneWriteAndArrivesInOrder() throws Exception {
        Ends ends = Ends.open();
        List<byte[]> batch = List.of(filled(3, 'a'), new byte[0], filled(SecureProtocol.MAX_MESSAGE, 'c'));
        ends.client().sendAll(batch);
        assertEquals(1, ends.clientWire().written().size());
        // Each AEAD record is its data, a 16-byte tag and the 4-byte frame header.
        assertEquals(3 * (4 + 16) + 3 + SecureProtocol.MAX_MESSAGE, ends.clientWire().written().get(0).length);
        for (byte[] message : batch) {
            assertArrayEquals(message, ends.server().receive(WAIT).orElseThrow());
        }
    }

    /**
     * A sender that reuses its buffer (a relay copying a stream) sends ranges of it: each arrives
     * as it was when sent, whatever came after, through long and short records in turn (long ones
     * are sealed into a buffer the channel keeps, short ones not), with both record constructions.
     */
    @ParameterizedTest
    @ValueSource(strings = {"AES-GCM", "AES"})
    void rangesOfAReusedBufferArriveAsTheyWereSent(String cipher) throws Exception {
        Ends ends = Ends.open(cipher);
        byte[] buffer = new byte[SecureProtocol.MAX_MESSAGE + 10];
        int[][] ranges = {{7, SecureProtocol.MAX_MESSAGE}, {3, 5}, {0, 40_000}, {10, SecureProtocol.MAX_MESSAGE}, {1, 0}, {2, 3000}};
        List<byte[]> sent = new java.util.ArrayList<>();
        for (int i = 0; i < ranges.length; i++) {
            java.util.Arrays.fill(buffer, (byte) ('a' + i));
            buffer[ranges[i][0]] = (byte) i;
            ends.client().send(buffer, ranges[i][0], ranges[i][1]);
            sent.add(java.util.Arrays.copyOfRange(buffer, ranges[i][0], ranges[i][0] + ranges[i][1]));
        }
        for (byte[] message : sent) {
            assertArrayEquals(message, ends.server().receive(WAIT).orElseThrow());
        }
        assertThrows(IllegalArgumentException.class, () -> ends.client().send(buffer, 0, SecureProtocol.MAX_MESSAGE + 1));
        assertThrows(IndexOutOfBoundsException.class, () -> ends.client().send(buffer, 20, SecureProtocol.MAX_MESSAGE));
        ends.client().send(buffer, 1, 2);
        assertArrayEquals(java.util.Arrays.copyOfRange(buffer, 1, 3), ends.server().receive(WAIT).orElseThrow());
    }

    /**
     * A receiver that reuses its buffer (a download taking chunks) gets each message opened into
     * it, long and short in turn and mixed with messages in arrays of their own, with both record
     * constructions; the peer's Close gives -1. A buffer that could not hold the longest message is
     * refused before anything is read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"AES-GCM", "AES"})
    void messagesAreOpenedIntoTheReceiversBuffer(String cipher) throws Exception {
        Ends ends = Ends.open(cipher);
        byte[] buffer = new byte[SecureProtocol.MAX_MESSAGE];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ends.server().receive(new byte[SecureProtocol.MAX_MESSAGE - 1], WAIT));
        assertEquals("a buffer for messages needs 65536 bytes, not 65535", e.getMessage());
        List<byte[]> sent = List.of(filled(SecureProtocol.MAX_MESSAGE, 'a'), filled(3, 'b'), new byte[0],
                filled(40_000, 'c'), filled(1, 'd'));
        for (byte[] message : sent) {
            ends.client().send(message);
        }
        for (int i = 0; i < sent.size(); i++) {
            if (i == 2) {
                assertArrayEquals(sent.get(i), ends.server().receive(WAIT).orElseThrow());
                continue;
            }
            int length = ends.server().receive(buffer, WAIT);
            assertArrayEquals(sent.get(i), java.util.Arrays.copyOf(buffer, length), "message " + i);
        }
        ends.client().close();
        assertEquals(-1, ends.server().receive(buffer, WAIT));
        assertTrue(ends.server().isClosed(), "answered with its own Close");
    }

    @Test
    void aBatchWithOneMessageOverTheLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        Ends ends = Ends.open();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ends.client().sendAll(
                List.of(filled(1, 'a'), filled(SecureProtocol.MAX_MESSAGE + 1, 'b'))));
        assertEquals("a message holds at most 65536 bytes, not 65537", e.getMessage());
        assertEquals(List.of(), ends.clientWire().written());
        // The sequence numbers did not move: the next record still opens.
        ends.client().send(filled(2, 'z'));
        assertArrayEquals(filled(2, 'z'), ends.server().receive(WAIT).orElseThrow());
    }

    @Test
    void nothingIsSentOnAClosedChannel() throws Exception {
        Ends ends = Ends.open();
        ends.client().close();
        int written = ends.clientWire().written().size();
        assertThrows(IOException.class, () -> ends.client().sendAll(List.of(filled(1, 'a'))));
        assertThrows(IOException.class, () -> ends.client().send(filled(1, 'a')));
        assertEquals(written, ends.clientWire().written().size());
        assertEquals(java.util.Optional.empty(), ends.server().receive(WAIT));
    }

    /** A channel is open until this side closes or aborts it; aborting cuts the connection without a Close. */
    @Test
    void anAbortedChannelIsClosedAndThePeerSeesATruncation() throws Exception {
        Ends ends = Ends.open();
        assertFalse(ends.client().isClosed());
        assertFalse(ends.server().isClosed());
        ends.client().abort();
        assertTrue(ends.client().isClosed());
        assertEquals(List.of(), ends.clientWire().written());
        ProtocolException e = assertThrows(ProtocolException.class, () -> ends.server().receive(WAIT));
        assertEquals(Reason.CLOSED, e.reason());
        assertEquals("the connection ended without the peer's close record: the session was truncated", e.getMessage());
    }
}
