package vpn.it;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.Transcript;
import vpn.core.channel.ServiceChannel;
import vpn.core.client.VpnClient;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KnownHosts;
import vpn.core.transport.SocketTransport;
import vpn.core.transport.Transport;
import vpn.service.echo.EchoService;

/**
 * A secure-mode echo client that stops halfway, run as a process of its own so that a test can
 * kill it there (SIGKILL): {@code handshake} sends the first half of its second handshake message
 * (the ClientKey), {@code record} completes the handshake and sends the first half of its first
 * record. It then prints {@code HALFWAY ...} and waits to be killed.
 *
 * <p>Usage: {@code HalfwayClient PORT handshake|record KNOWN_HOSTS}
 */
final class HalfwayClient {

    private HalfwayClient() {
    }

    /** The process's command line, on the class path of the tests' JVM. */
    static List<String> command(int port, String where, Path knownHosts) {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ArrayList<>(List.of(Dist.javaCommand(), "-cp", classPath, HalfwayClient.class.getName(),
                String.valueOf(port), where, knownHosts.toString()));
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean inHandshake = switch (args[1]) {
            case "handshake" -> true;
            case "record" -> false;
            default -> throw new IllegalArgumentException("handshake or record, not " + args[1]);
        };
        SecureRandom random = new SecureRandom();
        CipherRegistry ciphers = CipherRegistry.ofProviders(ServiceLoader.load(CipherProvider.class).stream()
                .map(ServiceLoader.Provider::get).toArray(CipherProvider[]::new));
        VpnClient client = new VpnClient(ciphers, new DiffieHellman(DhGroup.MODP_8192, random), Limits.DEFAULT,
                random, ClientSecurity.secure(new KnownHosts(Path.of(args[2]))));
        Halving transport = new Halving(new SocketTransport(new Socket("127.0.0.1", port)), inHandshake ? 2 : -1);
        ServiceChannel channel = client.handshake(transport, "127.0.0.1", port, EchoService.NAME, EchoService.VERSION,
                Transcript.SILENT);
        transport.cutAt = transport.writes + 1;
        channel.send("never whole".getBytes(StandardCharsets.UTF_8));
        throw new AssertionError("the record was sent whole");
    }

    /** Passes writes through, except write number {@code cutAt}: half of it, and then nothing. */
    private static final class Halving implements Transport {
        private final Transport socket;
        int writes;
        int cutAt;

        Halving(Transport socket, int cutAt) {
            this.socket = socket;
            this.cutAt = cutAt;
        }

        @Override
        public int read(byte[] buffer, int offset, int length, Duration timeout) throws IOException {
            return socket.read(buffer, offset, length, timeout);
        }

        @Override
        public void write(byte[] message) throws IOException {
            if (++writes != cutAt) {
                socket.write(message);
                return;
            }
            socket.write(java.util.Arrays.copyOf(message, message.length / 2));
            System.out.println("HALFWAY: sent " + message.length / 2 + " of the " + message.length
                    + " bytes of write " + writes);
            System.out.flush();
            try {
                Thread.sleep(Long.MAX_VALUE); // until killed
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public String peer() {
            return socket.peer();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
