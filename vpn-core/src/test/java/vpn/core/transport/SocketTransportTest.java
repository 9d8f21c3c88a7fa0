package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Long waits read untimed and are ended by {@link ReadDeadlines}; short ones use the socket timeout. */
class SocketTransportTest {

    /** Ends as a timeout, not before its deadline; the class's hang guard stands in for "soon after". */
    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aLongWaitOnASilentPeerEndsAsATimeoutAfterItsDeadline() throws Exception {
        ReadDeadlines deadlines = new ReadDeadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines)) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class,
                    () -> transport.read(new byte[8], 0, 8, Duration.ofMillis(1200)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 1200, "took " + millis + " ms");
        }
    }

    @Test
    void dataBeforeTheDeadlineIsReadAndAShortWaitStillTimesOut() throws Exception {
        ReadDeadlines deadlines = new ReadDeadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines)) {
            client.getOutputStream().write(new byte[] {1, 2, 3});
            byte[] buffer = new byte[8];
            assertEquals(3, transport.read(buffer, 0, 8, Duration.ofSeconds(5)));
            assertThrows(SocketTimeoutException.class, () -> transport.read(buffer, 0, 8, Duration.ofMillis(50)));
            Thread.sleep(2 * ReadDeadlines.SWEEP.toMillis());
            client.getOutputStream().write(new byte[] {4});
            assertEquals(1, transport.read(buffer, 0, 8, Duration.ofSeconds(5)), "the connection outlived a finished read's deadline");
        }
    }
}
