package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution folder is complete and its launcher runs with nothing else installed. */
class DistributionIT {

    private static final List<String> CIPHER_JARS = List.of(
            "cipher-aes-gcm.jar", "cipher-aes.jar", "cipher-blowfish.jar", "cipher-des.jar", "cipher-none.jar", "cipher-xor.jar");

    @Test
    void layoutIsBinLibAndCiphers() throws Exception {
        assertTrue(Files.isExecutable(Dist.LAUNCHER), "bin/vpn is executable");
        assertEquals(CIPHER_JARS, Dist.list(Dist.CIPHERS));
        assertEquals(List.of("cipher-camellia.jar", "cipher-des3.jar"), Dist.list(Dist.EXTRAS));
        List<String> lib = Dist.list(Dist.LIB);
        // The chat cluster's NATS bus and its client beside the services (a deployment without a
        // cluster may delete both); nothing of NATS, nor the Bouncy Castle build jnats asks for, in lib/.
        assertEquals(List.of("jnats.jar", "vpn-service-chat-nats.jar", "vpn-service-chat.jar", "vpn-service-echo.jar",
                "vpn-service-files.jar", "vpn-service-tunnel.jar"), Dist.list(Dist.SERVICES));
        assertTrue(lib.stream().noneMatch(j -> j.startsWith("jnats") || j.startsWith("bcprov-lts") || j.startsWith("jspecify")),
                "no NATS client or its left-out dependencies in lib/: " + lib);
        for (String module : List.of("vpn-api-", "vpn-core-", "vpn-app-", "guice-", "picocli-", "bcprov-jdk18on-",
                "jline-reader-", "jline-terminal-", "jline-native-", "progressbar-")) {
            assertTrue(lib.stream().anyMatch(j -> j.startsWith(module)), module + " in lib/: " + lib);
        }
        assertTrue(lib.stream().noneMatch(j -> j.startsWith("cipher-")), "no cipher in lib/");
        assertEquals(1, lib.stream().filter(j -> j.startsWith("jline-terminal-")).count(),
                "one JLine: progressbar's own is left out for the app's: " + lib);
        assertTrue(Files.size(Path.of(System.getProperty("vpn.archive"))) > 1_000_000, "the archive is built");
    }

    @Test
    void theLauncherListsEveryCipherModule() throws Exception {
        try (VpnProcess ciphers = Dist.launch("ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)), ciphers.stderr().toString());
            List<String> out = ciphers.stdout();
            assertEquals(7, out.size(), out.toString());
            assertTrue(out.get(1).matches("AES +128,192,256 +16 +vpn\\.cipher\\.aes +.*/ciphers/cipher-aes\\.jar"), out.get(1));
            assertTrue(out.get(2).matches("AES-GCM +128,192,256 +16 +vpn\\.cipher\\.aesgcm +.*/ciphers/cipher-aes-gcm\\.jar"
                    + " +\\[authenticated: secure mode only, preferred there]"), out.get(2));
            assertTrue(out.get(3).startsWith("Blowfish   112,224,448"), out.get(3));
            assertTrue(out.get(4).startsWith("DES        56 "), out.get(4));
            assertTrue(out.get(5).startsWith("None") && out.get(5).contains("[insecure"), out.get(5));
            assertTrue(out.get(6).startsWith("XOR") && out.get(6).contains("[insecure"), out.get(6));
        }
    }

    @Test
    void versionAndHelp() throws Exception {
        try (VpnProcess version = Dist.launch("--version")) {
            assertEquals(0, version.waitFor(Duration.ofSeconds(30)));
            assertTrue(version.stdout().get(0).matches("vpn \\d+\\.\\d+\\.\\d+.*"), version.stdout().toString());
        }
        try (VpnProcess help = Dist.launch("client", "--help")) {
            assertEquals(0, help.waitFor(Duration.ofSeconds(30)));
            assertTrue(String.join("\n", help.stdout()).contains("--ciphers=SPEC"), help.stdout().toString());
        }
        try (VpnProcess bad = Dist.launch("client", "--port", "70000")) {
            assertEquals(2, bad.waitFor(Duration.ofSeconds(30)));
            assertTrue(bad.stderr().get(0).contains("--port must be between 0 and 65535"), bad.stderr().toString());
        }
    }

    /**
     * {@code vpn --version} with class-loading logs: true if the app's main class came from an
     * ahead-of-time cache (picocli never does: the JVM leaves out classes of old bytecode versions).
     */
    private static boolean mainClassFromTheCache(Path home, Map<String, String> environment) throws Exception {
        Map<String, String> withLog = new java.util.HashMap<>(environment);
        withLog.put("VPN_JAVA_OPTS", "-Duser.home=" + Dist.freshHome() + " -Xlog:class+load=info");
        try (VpnProcess version = Dist.launchFrom(home, withLog, "--version")) {
            assertEquals(0, version.waitFor(Duration.ofSeconds(30)), version.stderr().toString());
            assertTrue(version.stdout().stream().anyMatch(l -> l.contains("vpn.app.Main ")), version.stdout().toString());
            assertEquals(List.of(), version.stderr(), "nothing on standard error, cache or not");
            return version.stdout().stream()
                    .anyMatch(l -> l.contains("vpn.app.Main source: shared objects file"));
        }
    }

    @Test
    void anAheadOfTimeCacheIsMadeOnRequestUsedAndQuietlyIgnoredOnceStale(@TempDir Path temp) throws Exception {
        Path home = Dist.deployment(temp);
        assertFalse(mainClassFromTheCache(home, Map.of()), "no cache until vpn-aot makes one");
        try (VpnProcess aot = VpnProcess.start(List.of(home.resolve("bin/vpn-aot").toString()), Map.of())) {
            assertEquals(0, aot.waitFor(Duration.ofSeconds(120)), aot.stderr().toString());
            assertTrue(aot.stdout().get(0).startsWith("Made " + home.resolve("lib/vpn.aot")), aot.stdout().toString());
            assertTrue(aot.stdout().get(0).contains("trained on a 64 MB vpn put"), "a file transfer to a throwaway server: "
                    + aot.stdout());
        }
        assertTrue(mainClassFromTheCache(home, Map.of()), "the launcher uses the cache");
        assertFalse(mainClassFromTheCache(home, Map.of("VPN_AOT", "off")), "VPN_AOT=off leaves it out");
        Path jar = Dist.list(home.resolve("lib")).stream().filter(f -> f.startsWith("vpn-core-"))
                .map(home.resolve("lib")::resolve).findFirst().orElseThrow();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        assertFalse(mainClassFromTheCache(home, Map.of()), "a changed jar makes the JVM ignore the cache, quietly");
    }

    @Test
    void theDemoShowsAWholeSession() throws Exception {
        try (VpnProcess demo = Dist.launch("demo")) {
            assertEquals(0, demo.waitFor(Duration.ofSeconds(60)), demo.stderr().toString());
            List<String> out = demo.stdout();
            for (String line : List.of("server | New client: 127.0.0.1:", "server | We are going to use AES-GCM256",
                    "server | The key has been established", "server | Received: hello", "client | Server says: olleh",
                    "server | Received: bye", "client | Server says: eyb", "client | Enter message: \\quit")) {
                assertTrue(out.stream().anyMatch(l -> l.startsWith(line)), "missing '" + line + "' in " + out);
            }
        }
    }
}
