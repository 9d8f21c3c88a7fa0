package vpn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The commands run in-process, on the class path, against a console of strings. */
class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String input, String... args) {
        return Main.run(args, new Console(out, err, new StringReader(input)));
    }

    private List<String> outLines() {
        return out.toString().lines().toList();
    }

    @Test
    void ciphersListsEveryProviderInPreferenceOrder() {
        assertEquals(0, run("", "ciphers"));
        List<String> lines = outLines();
        assertEquals(List.of("CIPHER", "AES", "Blowfish", "DES", "None", "XOR"),
                lines.stream().map(l -> l.split(" ")[0]).toList());
        assertTrue(lines.get(4).contains("[insecure"), lines.get(4));
    }

    @Test
    void demoRunsAWholeSessionAndShowsBothSides() {
        assertEquals(0, run("", "demo", "--message", "abc", "--message", "\u00e9t\u00e9"));
        List<String> lines = outLines();
        assertTrue(lines.contains("server | Received: abc"), lines.toString());
        assertTrue(lines.contains("client | Server says: cba"), lines.toString());
        assertTrue(lines.contains("client | Server says: \u00e9t\u00e9"), lines.toString());
        assertTrue(lines.contains("client | We are going to use AES256"), lines.toString());
    }

    @Test
    void allowClassicWithoutAuthorizedKeysIsAUsageError() {
        assertEquals(2, run("", "server", "--port", "0", "--allow-classic"));
        assertTrue(err.toString().contains("--allow-classic only means something with --authorized-keys"),
                err.toString());
    }

    @Test
    void noClassicAndAllowClassicContradictEachOther() {
        assertEquals(2, run("", "server", "--port", "0", "--no-classic", "--allow-classic",
                "--authorized-keys", "target/never-read"));
        assertTrue(err.toString().contains("--no-classic and --allow-classic contradict each other"), err.toString());
    }

    @Test
    void aMalformedMaxStartupsIsAUsageErrorThatGivesTheSyntax() {
        for (String spec : List.of("10:30", "ten", "20:30:10", "10:0:100", "10:30:100:1")) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            assertEquals(2, run("", "server", "--max-startups", spec, "--key-file", "target/never-created-key"), spec);
            assertTrue(err.toString().contains("Invalid value for option '--max-startups': '" + spec + "'"),
                    err.toString());
            assertTrue(outLines().stream().noneMatch(l -> l.startsWith("Server key")), out.toString());
        }
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("target/never-created-key")));
    }

    @Test
    void serverHelpDescribesMaxStartupsPerSourceAddress() {
        assertEquals(0, run("", "server", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("--max-startups=START:RATE:FULL"), help);
        assertTrue(help.contains("per source address"), help);
        assertTrue(help.contains("(default: 10:30:100)"), help);
    }

    @Test
    void serverHelpSaysHowToOfferOnlyX25519() {
        assertEquals(0, run("", "server", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("--no-classic"), help);
        assertTrue(help.contains("--key-exchanges X25519 --no-classic"), help);
    }

    @Test
    void oneKeyUnderTwoNamesInTheAuthorizedKeysStopsTheServerBeforeItListens() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "test-scratch"));
        java.nio.file.Path file = java.nio.file.Files.createTempFile(dir, "authorized_keys", "");
        java.nio.file.Path keyFile = java.nio.file.Files.createTempFile(dir, "server_key", "");
        java.nio.file.Files.delete(keyFile);
        try {
            String key = vpn.core.keys.SshKeys.publicKeyLine(
                    vpn.core.keys.UserKey.generate(new java.security.SecureRandom()).publicKey(), "");
            java.nio.file.Files.writeString(file, key + " alice\n" + key + " bob\n");
            assertEquals(1, run("", "server", "--port", "0", "--key-file", keyFile.toString(),
                    "--authorized-keys", file.toString()));
            assertTrue(err.toString().startsWith("error: cannot use the authorized keys: "), err.toString());
            assertTrue(err.toString().contains("lines 1 and 2 give one key to two users"), err.toString());
            assertTrue(outLines().stream().noneMatch(l -> l.startsWith("Listening")), out.toString());
        } finally {
            java.nio.file.Files.deleteIfExists(file);
            java.nio.file.Files.deleteIfExists(keyFile);
        }
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run("", new String[0]));
        assertTrue(err.toString().contains("Missing command"), err.toString());
    }

    @Test
    void anUnknownCipherInTheFilterIsAUsageErrorThatListsTheInstalledOnes() {
        assertEquals(2, run("", "client", "--ciphers", "Twofish:256"));
        assertTrue(err.toString().contains("no cipher named 'Twofish' (available: [AES, Blowfish, DES, None, XOR])"),
                err.toString());
        assertEquals(2, run("", "server", "--ciphers", "AES:512"));
        assertTrue(err.toString().contains("AES offers key sizes [128, 192, 256], not [512]"), err.toString());
    }

    @Test
    void aUsageErrorIsTheReasonAndWhereToReadMoreNotTheWholeUsage() {
        assertEquals(2, run("", "server", "--idle-timeout", "0"));
        assertEquals(List.of("error: --idle-timeout and --max-sessions must be positive, --precompute not negative",
                "Try 'vpn server --help' for more information."), err.toString().lines().toList());
    }

    @Test
    void contradictoryClientOptionsAreAUsageError() {
        assertEquals(2, run("", "client", "--classic", "--server-key", "SHA256:x"));
        assertTrue(err.toString().contains("--classic and --server-key contradict each other"), err.toString());
        assertEquals(2, run("", "client", "--classic", "--require-secure"));
    }

    @Test
    void aRefusedConnectionIsOneLineAndExitCode1() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        assertEquals(1, run("hello\n", "client", "--host", "127.0.0.1", "--port", String.valueOf(port)));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("error: 127.0.0.1:" + port + ": Connection refused"), err.toString());
    }

    @Test
    void versionNamesTheJavaRuntime() {
        assertEquals(0, run("", "--version"));
        assertTrue(out.toString().contains("Java " + Runtime.version()), out.toString());
    }

    @Test
    void anUnknownHostIsSaidSoInOneLine() {
        assertEquals(1, run("", "client", "--host", "nonexistent.invalid"));
        assertEquals("error: nonexistent.invalid:4600: unknown host", err.toString().strip());
    }

    @Test
    void optionsAreCheckedBeforeTheServerDoesAnything() {
        assertEquals(2, run("", "server", "--ciphers", "FOO", "--key-file", "target/never-created-key"));
        assertTrue(outLines().stream().noneMatch(l -> l.startsWith("Server key")), out.toString());
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("target/never-created-key")));
        assertEquals(2, run("", "server", "--threads", "green"));
        assertTrue(err.toString().contains("AUTO, VIRTUAL, PLATFORM"), err.toString());
    }

    @Test
    void theWriteTimeoutMustBePositiveAndIsDocumented() {
        for (String bad : List.of("0", "-5")) {
            assertEquals(2, run("", "server", "--write-timeout", bad, "--key-file", "target/never-created-key"));
            assertTrue(err.toString().contains("--write-timeout must be positive"), err.toString());
        }
        assertTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("target/never-created-key")));
        assertEquals(0, run("", "server", "--help"));
        assertTrue(out.toString().contains("--write-timeout=SECONDS"), out.toString());
    }

    @Test
    void badBenchOptionsAreUsageErrors() {
        assertEquals(2, run("", "bench", "--sessions", "0"));
        assertEquals(2, run("", "bench", "--mode", "fast"));
    }

    @Test
    void servicesListsTheEcho() {
        assertEquals(0, run("", "services"));
        List<String> lines = outLines();
        assertEquals("SERVICE    VERSION  USERS  MODULE                 FROM", lines.get(0));
        assertTrue(lines.get(1).startsWith("echo       1        no "), lines.toString());
    }

    /**
     * Only the command named first is built to run it, yet help and errors still know every
     * command: the listing, `vpn help NAME`, and the suggestions for a mistyped one.
     */
    @Test
    void helpAndErrorsKnowEveryCommandWhileRunningOneBuildsOnlyThatOne() {
        assertEquals(0, run("", "--help"));
        List<String> listed = outLines().stream().filter(l -> l.matches("  [a-z-]+ .*"))
                .map(l -> l.strip().split(" ")[0]).toList();
        assertEquals(List.of("server", "ciphers", "services", "keygen", "demo", "bench", "help", "client"), listed,
                "the app's commands, then the installed services' (those of the others are hidden)");
        out.getBuffer().setLength(0);
        assertEquals(0, run("", "help", "keygen"));
        assertTrue(out.toString().startsWith("Usage: vpn keygen"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("", "keygen", "--help"));
        assertTrue(out.toString().startsWith("Usage: vpn keygen"), out.toString());
        assertEquals(2, run("", "keygn"));
        assertTrue(err.toString().contains("Did you mean: vpn keygen"), err.toString());
    }

    @Test
    void aCommandOfAServiceThatIsNotInstalledSaysSoWithExitCode5() {
        assertEquals(5, run("", "chat"));
        assertEquals("error: vpn chat needs the chat service, which is not installed", err.toString().strip());
    }
}
