package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What SocketTransport sets on its socket, how it names the peer, and what closing it does. */
class SocketTransportOptionsTest {

    @Test
    void setsNoDelayAndKeepAliveAndNamesThePeerAsIpColonPort() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, null, null)) {
            assertTrue(server.getTcpNoDelay(), "TCP_NODELAY");
            assertTrue(server.getKeepAlive(), "SO_KEEPALIVE");
            assertEquals("127.0.0.1:" + client.getLocalPort(), transport.peer());
        }
    }

    @Test
    void formatsAnUnresolvedAddressByItsName() {
        assertEquals("example.org:4600", SocketTransport.format(InetSocketAddress.createUnresolved("example.org", 4600)));
        assertEquals("10.0.0.1:1", SocketTransport.format(new InetSocketAddress("10.0.0.1", 1)));
    }

    /** With deadlines, a write timeout is needed and must be positive; without, none is. */
    @Test
    void theWriteTimeoutMustBePositiveWhenDeadlinesEnforceIt() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept()) {
            assertThrows(IllegalArgumentException.class, () -> new SocketTransport(server, deadlines, null));
            assertThrows(IllegalArgumentException.class, () -> new SocketTransport(server, deadlines, Duration.ZERO));
            assertThrows(IllegalArgumentException.class, () -> new SocketTransport(server, deadlines, Duration.ofMillis(-1)));
            try (SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofMillis(1))) {
                assertEquals("127.0.0.1:" + client.getLocalPort(), transport.peer());
            }
            assertTrue(server.isClosed(), "close() closes the socket");
        }
    }

    @Test
    void closeClosesTheSocketAndThePeerSeesTheEnd() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept()) {
            new SocketTransport(server, null, null).close();
            assertTrue(server.isClosed());
            client.setSoTimeout(5000);
            assertEquals(-1, client.getInputStream().read());
        }
    }

    @Test
    void aWriteSendsTheWholeMessage() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofSeconds(5))) {
            transport.write(new byte[] {1, 2, 3});
            client.setSoTimeout(5000);
            assertEquals(3, client.getInputStream().readNBytes(new byte[3], 0, 3));
        }
    }

    /** A peer that stops reading: the write fails with WriteTimeoutException once its deadline has passed, not before. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aWriteToAPeerThatDoesNotReadEndsAfterTheWriteTimeout() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofMillis(500))) {
            long start = System.nanoTime();
            WriteTimeoutException e = assertThrows(WriteTimeoutException.class, () -> transport.write(new byte[64 << 20]));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 500, "took " + millis + " ms");
            assertEquals("the peer stopped reading for 500 ms", e.getMessage());
            assertTrue(server.isClosed(), "the connection is closed");
        }
    }

    /** A short read sets a socket timeout; the long read after it must not inherit it. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aLongReadAfterAShortOneWaitsItsOwnTime() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofMinutes(1))) {
            byte[] buffer = new byte[8];
            assertThrows(java.net.SocketTimeoutException.class, () -> transport.read(buffer, 0, 8, Duration.ofMillis(20)));
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(300);
                    client.getOutputStream().write(7);
                } catch (Exception ignored) {
                    // the read below then fails, and says so
                }
            });
            assertEquals(1, transport.read(buffer, 0, 8, Duration.ofSeconds(10)));
            assertEquals(7, buffer[0]);
        }
    }

    @Test
    void writeTimeoutsAreNamedInSecondsOrMilliseconds() {
        assertEquals("600 s", WriteTimeoutException.format(Duration.ofMinutes(10)));
        assertEquals("250 ms", WriteTimeoutException.format(Duration.ofMillis(250)));
        assertEquals("1500 ms", WriteTimeoutException.format(Duration.ofMillis(1500)));
        assertEquals("the peer stopped reading for 2 s", new WriteTimeoutException(Duration.ofSeconds(2)).getMessage());
    }
}
