package vpn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import vpn.service.echo.EchoReply;
import vpn.service.echo.EchoService;

/**
 * {@code vpn server} stopped as a service manager stops it, with SIGTERM: it stops accepting, ends
 * every session properly (secure mode: with its authenticated Close; classic: by closing), cuts
 * what is left after a bounded grace, and exits 0. The clients are the core's own, in this JVM, so
 * that a Close is told apart from a connection that merely ended.
 */
class ShutdownIT {

    /** The server's grace (5 s), its last lines, and a JVM's exit, on a loaded machine. */
    private static final Duration BOUND = Duration.ofSeconds(12);

    @TempDir
    Path temp;

    @Test
    void sigtermEndsEverySessionProperlyAndExitsZero() throws Exception {
        try (Dist.Server server = Dist.server("--key-file", temp.resolve("server_ed25519").toString());
                Socket silent = new Socket()) {
            ServiceChannel secure = connect(server.port(), ClientSecurity.secure(knownHosts()));
            ServiceChannel classic = connect(server.port(), ClientSecurity.classic(knownHosts()));
            assertEchoes(secure);
            assertEchoes(classic);
            silent.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000); // a handshake that never comes

            long start = System.nanoTime();
            server.process().terminate();
            int exit = server.process().waitFor(BOUND);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            String log = "stdout: " + server.process().stdout() + "\nstderr: " + server.process().stderr();
            assertEquals(0, exit, log);
            assertTrue(took.compareTo(BOUND) < 0, "stopped after " + took);
            // Empty only for a verified Close record; a connection that merely ended is "truncated".
            assertEquals(Optional.empty(), secure.unwrap().receive(Duration.ofSeconds(5)), log);
            assertEquals(Optional.empty(), classic.unwrap().receive(Duration.ofSeconds(5)), log);
            assertEnded(silent);
            assertTrue(server.process().stdout().contains("Stopping: ending the sessions"), log);
            assertTrue(server.process().stdout().contains("Ending 2 sessions"), log);
            assertEquals(java.util.List.of(), server.process().stderr());
        }
    }

    private KnownHosts knownHosts() throws IOException {
        return new KnownHosts(java.nio.file.Files.createTempDirectory(temp, "client").resolve("known_hosts"));
    }

    private static ServiceChannel connect(int port, ClientSecurity security) throws Exception {
        SecureRandom random = new SecureRandom();
        CipherRegistry ciphers = CipherRegistry.ofProviders(ServiceLoader.load(CipherProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("AES")).toArray(CipherProvider[]::new));
        VpnClient client = new VpnClient(ciphers, new DiffieHellman(DhGroup.MODP_8192, random), Limits.DEFAULT, random,
                security);
        return client.connect("127.0.0.1", port, EchoService.NAME, EchoService.VERSION, Transcript.SILENT);
    }

    private static void assertEchoes(ServiceChannel channel) throws IOException {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        channel.send(hello);
        assertArrayEquals(EchoReply.to(hello), channel.awaitReply(EchoReply.to(hello)).orElseThrow());
    }

    private static void assertEnded(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        try {
            assertEquals(-1, socket.getInputStream().read());
        } catch (SocketException reset) {
            // an end too
        }
    }
}
