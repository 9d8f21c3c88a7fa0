package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interoperability with the independent Python implementation of the classic protocol,
 * {@code ../shared/tools/classic_peer.py}, in both directions and every classic cipher and size,
 * DES3 (an extra, dropped into a copy of the distribution) included.
 * Needs {@code ../shared} beside the project and Debian's python3-pycryptodome (CI has both);
 * without them these tests say plainly that they skip. The Python peer spends about a second per
 * handshake side, so there is one session per cipher and size, no more.
 */
class PythonInteropIT {

    private static final Path PEER = Path.of(System.getProperty("vpn.shared", "../../shared"), "tools", "classic_peer.py")
            .toAbsolutePath().normalize();
    private static final String PYTHON = "/usr/bin/python3";

    static void assumePythonPeer() throws Exception {
        boolean present = Files.isRegularFile(PEER);
        boolean crypto = present && Files.isExecutable(Path.of(PYTHON))
                && new ProcessBuilder(PYTHON, "-c", "import Cryptodome").start().waitFor(30, TimeUnit.SECONDS)
                && new ProcessBuilder(PYTHON, "-c", "import Cryptodome").start().waitFor() == 0;
        String why = !present ? PEER + " is not there (a clone without ../shared)"
                : "python3-pycryptodome is not installed (apt-get install -y python3-pycryptodome)";
        if (!present || !crypto) {
            System.out.println("SKIPPED: Python interop tests: " + why);
        }
        Assumptions.assumeTrue(present && crypto, "SKIPPED: Python interop tests: " + why);
    }

    /** A deployment with the DES3 extra dropped in, since the newer Python peers offer DES3:[192]. */
    private static Path deployment;

    static synchronized Path deploymentWithDes3() throws Exception {
        if (deployment == null) {
            Path parent = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "interop");
            deployment = Dist.deployment(parent, Dist.EXTRAS.resolve("cipher-des3.jar"));
        }
        return deployment;
    }

    static int freePort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class JavaClientAgainstPythonServer {

        private VpnProcess python;
        private int port;

        @BeforeAll
        void startPythonServer() throws Exception {
            assumePythonPeer();
            port = freePort();
            python = VpnProcess.start(List.of(PYTHON, "-u", PEER.toString(), "server", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--ciphers", "AES:128,192,256/Blowfish:112,224,448/DES:56/DES3:192"),
                    Map.of());
            python.awaitLine("^Listening on 127\\.0\\.0\\.1:" + port + "$", Duration.ofSeconds(20));
        }

        @AfterAll
        void stop() {
            if (python != null) {
                python.close();
            }
        }

        @ParameterizedTest(name = "{0}{1}")
        @CsvSource({"AES,128", "AES,192", "AES,256", "Blowfish,112", "Blowfish,224", "Blowfish,448", "DES,56", "DES3,192"})
        void javaClientTalksToPythonServer(String cipher, int keySize) throws Exception {
            try (VpnProcess client = Dist.launchFrom(deploymentWithDes3(), Map.of(), "client", "--host", "127.0.0.1",
                    "--port", String.valueOf(port), "--ciphers", cipher + ":" + keySize, "--classic")) {
                client.input("hello\n\u00e9t\u00e9 " + cipher + keySize + "\n\\quit\n");
                assertEquals(0, client.waitFor(Duration.ofSeconds(90)), client.stderr().toString());
                List<String> out = client.stdout();
                assertTrue(out.contains("We are going to use " + cipher + keySize), out.toString());
                assertTrue(out.contains("Enter message: Server says: olleh"), out.toString());
                String reversed = new StringBuilder("\u00e9t\u00e9 " + cipher + keySize).reverse().toString();
                assertTrue(out.contains("Enter message: Server says: " + reversed), out.toString());
            }
            python.awaitLine("^Received: \u00e9t\u00e9 " + cipher + keySize + "$", Duration.ofSeconds(10));
        }

        @org.junit.jupiter.api.Test
        void theLoadToolDrivesThePythonServer() throws Exception {
            try (VpnProcess bench = Dist.launch("bench", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--mode", "classic", "--sessions", "1", "--messages", "5", "--quiet")) {
                assertEquals(0, bench.waitFor(Duration.ofSeconds(90)), bench.stdout() + " " + bench.stderr());
                String summary = bench.stdout().stream().filter(l -> l.startsWith("BENCH {")).findFirst().orElseThrow();
                assertTrue(summary.contains("\"errors\":0") && summary.contains("\"mode\":\"classic\""), summary);
            }
        }

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
        @org.junit.jupiter.params.provider.ValueSource(strings = {"--ciphers=AES:256", "--require-secure"})
        void withoutClassicTheClientRefusesAClassicServer(String option) throws Exception {
            // Secure mode is the default; --require-secure is accepted and changes nothing.
            try (VpnProcess client = Dist.launch("client", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    option)) {
                client.closeInput();
                assertEquals(4, client.waitFor(Duration.ofSeconds(90)));
                assertEquals(List.of("error: 127.0.0.1:" + port + " speaks only the classic protocol, which cannot "
                        + "authenticate the server; --classic talks to it anyway"), client.stderr());
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class PythonClientAgainstJavaServer {

        private VpnProcess server;
        private int port;

        @BeforeAll
        void startJavaServer() throws Exception {
            assumePythonPeer();
            server = Dist.launchFrom(deploymentWithDes3(), Map.of(), "server", "--host", "127.0.0.1", "--port", "0");
            port = server.awaitListeningPort();
        }

        @AfterAll
        void stop() {
            if (server != null) {
                server.close();
            }
        }

        @ParameterizedTest(name = "{0}{1}")
        @CsvSource({"AES,128", "AES,192", "AES,256", "Blowfish,112", "Blowfish,224", "Blowfish,448", "DES,56", "DES3,192"})
        void pythonClientTalksToJavaServer(String cipher, int keySize) throws Exception {
            try (VpnProcess client = VpnProcess.start(List.of(PYTHON, "-u", PEER.toString(), "client",
                    "--host", "127.0.0.1", "--port", String.valueOf(port), "--ciphers", cipher + ":" + keySize), Map.of())) {
                client.input("hello\nbye " + cipher + keySize + "\n");
                client.closeInput();
                assertEquals(0, client.waitFor(Duration.ofSeconds(90)), client.stderr().toString());
                assertEquals(List.of("We are going to use " + cipher + keySize, "Server says: olleh",
                        "Server says: " + new StringBuilder("bye " + cipher + keySize).reverse()), client.stdout());
            }
            server.awaitLine("^Received: bye " + cipher + keySize + "$", Duration.ofSeconds(10));
        }
    }
}
