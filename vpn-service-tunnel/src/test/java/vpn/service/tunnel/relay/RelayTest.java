package vpn.service.tunnel.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelCodec;
import vpn.service.tunnel.protocol.TunnelMessage;

/**
 * A relay's accounting, with its threads not started, so that nothing drains what arrives (as
 * when its program stops reading): the peer may send exactly the window granted, and no more.
 */
class RelayTest {

    private ServerSocket server;
    private Socket socket;
    private Socket far;
    private final List<TunnelMessage> sent = new CopyOnWriteArrayList<>();
    private boolean finished;

    @BeforeEach
    void connect() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        socket = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
        far = server.accept();
    }

    @AfterEach
    void close() throws IOException {
        socket.close();
        far.close();
        server.close();
    }

    private Relay relay(int window) {
        return new Relay(3, socket, (bytes, offset, length) -> sent.add(TunnelCodec.decode(
                java.util.Arrays.copyOfRange(bytes, offset, offset + length))), window, 100, () -> finished = true);
    }

    /** A DATA message of {@code length} bytes for the relay's channel, as received. */
    private static byte[] data(int length) {
        return TunnelCodec.encode(new TunnelMessage.Data(3, new byte[length]));
    }

    @Test
    void thePeerMaySendTheWindowAndNotOneByteMore() throws ServiceException {
        Relay relay = relay(10_000);
        for (int i = 0; i < 10; i++) {
            relay.onData(data(1000));
        }
        assertEquals("tunnel: DATA beyond the window on channel 3",
                assertThrows(ServiceException.class, () -> relay.onData(data(1))).getMessage());
    }

    @Test
    void eofThenDataOrASecondEofOrCloseBreakTheProtocol() throws ServiceException {
        Relay relay = relay(10_000);
        relay.onEof();
        assertThrows(ServiceException.class, () -> relay.onData(data(1)));
        assertThrows(ServiceException.class, relay::onEof);
        relay.onClose(true);
        assertThrows(ServiceException.class, () -> relay.onClose(false));
    }

    @Test
    void aResetFromThePeerResetsTheSocketAndIsAnsweredWithACloseThenTheChannelIsOver() throws Exception {
        Relay relay = relay(10_000);
        relay.onClose(true);
        assertEquals(List.of(new TunnelMessage.Close(3, true)), sent);
        assertEquals(true, finished);
        far.setSoTimeout(5000);
        assertThrows(java.net.SocketException.class, () -> far.getInputStream().read(), "Connection reset");
    }

    @Test
    void anAbortSendsOneCloseWithResetAndTheChannelIsOverOnlyOnceThePeersCloseCame() throws ServiceException {
        Relay relay = relay(10_000);
        relay.abort();
        relay.abort();
        assertEquals(List.of(new TunnelMessage.Close(3, true)), sent);
        assertEquals(false, finished, "the number stays in use until the peer's CLOSE");
        relay.onData(data(10)); // crossed our CLOSE: dropped
        relay.onClose(false);
        assertEquals(true, finished);
    }
}
