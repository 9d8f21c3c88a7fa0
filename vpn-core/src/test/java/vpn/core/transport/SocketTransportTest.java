package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Long waits read untimed and are ended by {@link Deadlines}; short ones use the socket timeout. */
class SocketTransportTest {

    /** Ends as a timeout, not before its deadline; the class's hang guard stands in for "soon after". */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aLongWaitOnASilentPeerEndsAsATimeoutAfterItsDeadline() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofMinutes(1))) {
            long start = System.nanoTime();
            assertThrows(SocketTimeoutException.class,
                    () -> transport.read(new byte[8], 0, 8, Duration.ofMillis(1200)));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 1200, "took " + millis + " ms");
        }
    }

    /**
     * A wait of one second is already a long one: the sweep enforces it, which closes the connection
     * (a socket timeout would leave it open) and says how long nothing arrived.
     */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aWaitOfExactlyOneSecondIsEnforcedByTheSweep() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofMinutes(1))) {
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> transport.read(new byte[8], 0, 8, Deadlines.SHORTEST));
            assertEquals("nothing arrived within PT1S", e.getMessage());
            assertTrue(server.isClosed(), "the sweep closed the connection");
        }
    }

    @Test
    void dataBeforeTheDeadlineIsReadAndAShortWaitStillTimesOut() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofMinutes(1))) {
            client.getOutputStream().write(new byte[] {1, 2, 3});
            byte[] buffer = new byte[8];
            assertEquals(3, transport.read(buffer, 0, 8, Duration.ofSeconds(5)));
            assertThrows(SocketTimeoutException.class, () -> transport.read(buffer, 0, 8, Duration.ofMillis(50)));
            Thread.sleep(2 * Deadlines.SWEEP.toMillis());
            client.getOutputStream().write(new byte[] {4});
            assertEquals(1, transport.read(buffer, 0, 8, Duration.ofSeconds(5)), "the connection outlived a finished read's deadline");
        }
    }

    /** A short wait reads with the socket's own timeout: data that is there is read, a silence times out. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aShortWaitReadsWhatIsThereWithOrWithoutDeadlines() throws Exception {
        for (Deadlines deadlines : new Deadlines[] {new Deadlines(), null}) {
            try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 Socket server = listener.accept();
                 SocketTransport transport = deadlines == null ? new SocketTransport(server)
                         : new SocketTransport(server, deadlines, Duration.ofMinutes(1))) {
                client.getOutputStream().write(new byte[] {7, 8, 9});
                byte[] buffer = new byte[8];
                int read = 0;
                while (read < 3) {
                    read += transport.read(buffer, read, 8 - read, Duration.ofMillis(500));
                }
                assertEquals(3, read);
                assertEquals(9, buffer[2]);
                assertThrows(SocketTimeoutException.class, () -> transport.read(buffer, 0, 8, Duration.ofMillis(300)));
            }
        }
    }

    /** Without a {@link Deadlines}, even a long wait must use the socket's timeout: nothing else would end it. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void withoutDeadlinesALongWaitOnASilentPeerStillTimesOut() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept();
             SocketTransport transport = new SocketTransport(server)) {
            assertThrows(SocketTimeoutException.class, () -> transport.read(new byte[8], 0, 8, Duration.ofMillis(1100)));
        }
    }

    private static java.util.Set<Thread> sweepers() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("vpn-deadlines"))
                .collect(java.util.stream.Collectors.toSet());
    }

    /** Closing a connection stops watching it: the sweeping thread ends once none is left, so nothing leaks. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void theSweeperEndsOnceTheLastConnectionIsClosed() throws Exception {
        java.util.Set<Thread> before = sweepers();
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Socket client = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
             Socket server = listener.accept()) {
            SocketTransport transport = new SocketTransport(server, deadlines, Duration.ofMinutes(1));
            java.util.Set<Thread> ours = sweepers();
            ours.removeAll(before);
            assertEquals(1, ours.size(), "one sweeping thread for the watched connection");
            Thread sweeper = ours.iterator().next();
            transport.close();
            sweeper.join(10_000);
            assertEquals(false, sweeper.isAlive(), "the sweeper still runs with no connection left");
        }
    }

    /** A socket whose close fails with an unexpected error until it is told otherwise. */
    private static final class BrokenCloseSocket extends Socket {
        volatile boolean broken = true;

        @Override
        public synchronized void close() throws IOException {
            if (broken) {
                throw new IllegalStateException("a bug in close()");
            }
            super.close();
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void theDeadlineThreadSurvivesAnyErrorOfOneConnection() throws Exception {
        Deadlines deadlines = new Deadlines();
        try (ServerSocket listener = new ServerSocket(0, 2, InetAddress.getLoopbackAddress());
             BrokenCloseSocket brokenClient = new BrokenCloseSocket();
             Socket client = new Socket()) {
            brokenClient.connect(listener.getLocalSocketAddress());
            client.connect(listener.getLocalSocketAddress());
            try (Socket brokenServerSide = listener.accept(); Socket serverSide = listener.accept()) {
                SocketTransport broken = new SocketTransport(brokenClient, deadlines, Duration.ofMinutes(1));
                Thread stuck = Thread.ofVirtual().start(() -> {
                    try {
                        broken.read(new byte[8], 0, 8, Duration.ofMillis(1000));
                    } catch (IOException expected) {
                        // ends once the socket is really closed below
                    }
                });
                // The sweeper meets the broken close first; it must go on and time out the next read.
                try (SocketTransport healthy = new SocketTransport(client, deadlines, Duration.ofMinutes(1))) {
                    assertThrows(SocketTimeoutException.class,
                            () -> healthy.read(new byte[8], 0, 8, Duration.ofMillis(1500)));
                }
                brokenClient.broken = false;
                broken.close();
                stuck.join();
            }
        }
    }
}
