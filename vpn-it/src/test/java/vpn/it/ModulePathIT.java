package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's promise, tested with the plain {@code java --module-path ... --module vpn.app/...}
 * line: the ciphers on offer are exactly the cipher jars on the module path.
 */
class ModulePathIT {

    @TempDir
    Path temp;

    @Test
    void onlyDesOnTheServersModulePathMeansDesAgainstAFullProposal() throws Exception {
        Path desOnly = Dist.cipherFolder(temp, "cipher-des");
        try (VpnProcess ciphers = Dist.onModulePath(desOnly, "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)));
            assertEquals(2, ciphers.stdout().size(), ciphers.stdout().toString());
            assertTrue(ciphers.stdout().get(1).startsWith("DES "), ciphers.stdout().toString());
        }
        assertEquals("DES56", negotiate(desOnly, Dist.CIPHERS, "--classic"));
        // Secure mode offers DES only to a client that names it.
        assertEquals("DES56", negotiate(desOnly, Dist.CIPHERS, "--ciphers", "DES"));
    }

    @Test
    void withoutAesTheBestCommonCipherIsBlowfish448InBothModes() throws Exception {
        Path noAes = Dist.cipherFolder(temp, "cipher-blowfish", "cipher-des", "cipher-xor", "cipher-none");
        assertEquals("Blowfish448", negotiate(noAes, Dist.CIPHERS));
        assertEquals("Blowfish448", negotiate(noAes, Dist.CIPHERS, "--classic"));
    }

    @Test
    void secureModeRanksByStrengthWhereClassicTakesTheLongestKey() throws Exception {
        // The authenticated cipher first; classic mode cannot carry it and never offers it.
        assertEquals("AES-GCM256", negotiate(Dist.CIPHERS, Dist.CIPHERS));
        assertEquals("Blowfish448", negotiate(Dist.CIPHERS, Dist.CIPHERS, "--classic"));
        Path noGcm = Dist.cipherFolder(temp, "cipher-aes", "cipher-blowfish", "cipher-des", "cipher-xor", "cipher-none");
        assertEquals("AES256", negotiate(noGcm, Dist.CIPHERS));
        assertEquals("AES256", negotiate(Dist.CIPHERS, noGcm));
    }

    @Test
    void theClassicProtocolCannotCarryTheAuthenticatedCipher() throws Exception {
        try (VpnProcess client = Dist.launch("client", "--classic", "--ciphers", "AES-GCM", "--port", "1")) {
            assertEquals(2, client.waitFor(Duration.ofSeconds(30)), client.stderr().toString());
            assertTrue(client.stderr().get(0).contains("--classic: the classic protocol cannot carry AES-GCM"),
                    client.stderr().toString());
        }
    }

    @Test
    void insecureCiphersAreChosenOnlyWhenNothingElseIsShared() throws Exception {
        Path desAndXor = Dist.cipherFolder(temp, "cipher-des", "cipher-xor");
        assertEquals("DES56", negotiate(desAndXor, Dist.CIPHERS, "--classic"));
        // Between two insecure ciphers of the same key size, the server's order (by name) decides.
        Path insecureOnly = Dist.cipherFolder(temp, "cipher-xor", "cipher-none");
        assertEquals("None256", negotiate(Dist.CIPHERS, insecureOnly, "--classic"));
        Path xorOnly = Dist.cipherFolder(temp, "cipher-xor");
        assertEquals("XOR256", negotiate(Dist.CIPHERS, xorOnly, "--classic"));
    }

    @Test
    void noCipherModuleAtAllIsAClearOneLineError() throws Exception {
        Path empty = Dist.cipherFolder(temp);
        try (VpnProcess server = Dist.onModulePath(empty, "server", "--port", "0")) {
            assertEquals(1, server.waitFor(Duration.ofSeconds(30)));
            List<String> err = server.stderr();
            assertEquals(1, err.size(), err.toString());
            assertTrue(err.get(0).startsWith("error: no cipher modules found on the module path"), err.get(0));
        }
    }

    /** Runs a server on one module path and a client on another; returns what they agreed on. */
    static String negotiate(Path serverCiphers, Path clientCiphers, String... clientOptions) throws Exception {
        try (VpnProcess server = Dist.onModulePath(serverCiphers, "server", "--host", "127.0.0.1", "--port", "0")) {
            int port = server.awaitListeningPort();
            List<String> args = new java.util.ArrayList<>(List.of("client", "--host", "127.0.0.1",
                    "--port", String.valueOf(port)));
            args.addAll(List.of(clientOptions));
            try (VpnProcess client = Dist.onModulePath(clientCiphers, args.toArray(String[]::new))) {
                client.input("hello\n\\quit\n");
                assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.stderr().toString());
                String chosen = client.awaitLine("^We are going to use ([\\w-]+)$", Duration.ofSeconds(1)).group(1);
                assertTrue(client.stdoutLineContaining("Server says: olleh").isPresent(), client.stdout().toString());
                server.awaitLine("^We are going to use " + chosen + "$", Duration.ofSeconds(5));
                return chosen;
            }
        }
    }
}
