package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.testing.BytesTransport;

/** {@link ArrivedTransport}: the first byte waited for and given back, and the health check told apart. */
class ArrivedTransportTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void theFirstByteIsGivenBackAndTheRestFollowsUntouched() throws Exception {
        byte[] sent = "ProposedCiphers:AES:[256]".getBytes(StandardCharsets.US_ASCII);
        BytesTransport connection = new BytesTransport(sent, 1000, false);
        ArrivedTransport arrived = ArrivedTransport.await(connection, "203.0.113.7:1", "proposal", TIMEOUT).orElseThrow();
        assertEquals(1, connection.consumed(), "only the first byte is taken");
        assertEquals("203.0.113.7:1", arrived.peer());
        byte[] read = new byte[100];
        int length = 0;
        for (int n; (n = arrived.read(read, length, read.length - length, TIMEOUT)) > 0; ) {
            length += n;
        }
        assertArrayEquals(sent, Arrays.copyOf(read, length));
    }

    @Test
    void aPeerThatClosesOrResetsBeforeAByteIsNoArrival() throws Exception {
        assertEquals(Optional.empty(), ArrivedTransport.await(new BytesTransport(new byte[0], 1, false), "p", "proposal",
                TIMEOUT));
        Transport reset = new Transport() {
            @Override
            public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
                throw new java.net.SocketException("Connection reset");
            }

            @Override
            public void write(byte[] message) {
            }

            @Override
            public String peer() {
                return "p";
            }

            @Override
            public void close() {
            }
        };
        assertEquals(Optional.empty(), ArrivedTransport.await(reset, "p", "proposal", TIMEOUT));
    }

    @Test
    void aSilentPeerTimesOutNamingWhatWasAwaited() {
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ArrivedTransport.await(new BytesTransport(new byte[0], 1, true), "p", "proposal", TIMEOUT));
        assertEquals(Reason.TIMEOUT, e.reason());
        assertEquals("timed out waiting for the proposal", e.getMessage());
    }
}
