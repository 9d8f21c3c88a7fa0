import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The floor under the server's CPU per small-message round trip: a bare echo over loopback TCP
 * (16 bytes, no protocol, no crypto), one session, the server on a platform or a virtual thread.
 * What is left of our server's cost above this is ours; this much is the JDK's and the kernel's.
 *
 *   java scripts/EchoFloor.java [platform|virtual] [ROUND_TRIPS]
 *
 * Prints the server's CPU per round trip: the process's CPU less the client thread's, so that a
 * virtual thread's carriers and the poller thread count, as they do in a server.
 */
public class EchoFloor {

    public static void main(String[] args) throws Exception {
        boolean virtual = args.length > 0 && args[0].equals("virtual");
        int roundTrips = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Runnable echo = () -> {
                try (Socket socket = listener.accept()) {
                    socket.setTcpNoDelay(true);
                    InputStream in = socket.getInputStream();
                    OutputStream out = socket.getOutputStream();
                    byte[] buffer = new byte[16];
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        out.write(buffer, 0, n);
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            };
            Thread server = virtual ? Thread.ofVirtual().start(echo) : Thread.ofPlatform().start(echo);
            try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                socket.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                OutputStream out = socket.getOutputStream();
                byte[] message = new byte[16];
                for (int i = 0; i < roundTrips / 4; i++) { // warm-up
                    out.write(message);
                    in.readFully(message);
                }
                long processBefore = os.getProcessCpuTime();
                long clientBefore = threads.getCurrentThreadCpuTime();
                long wallBefore = System.nanoTime();
                for (int i = 0; i < roundTrips; i++) {
                    out.write(message);
                    in.readFully(message);
                }
                long wall = System.nanoTime() - wallBefore;
                long client = threads.getCurrentThreadCpuTime() - clientBefore;
                long process = os.getProcessCpuTime() - processBefore;
                socket.shutdownOutput();
                server.join();
                double perTrip = (process - client) / 1e3 / roundTrips;
                System.out.printf("echo floor, server on a %s thread: %.1f us of server CPU per round trip"
                        + " (process less client), %.0f round trips/s, client %.1f us%n",
                        virtual ? "virtual" : "platform", perTrip, roundTrips / (wall / 1e9), client / 1e3 / roundTrips);
            }
        }
    }
}
