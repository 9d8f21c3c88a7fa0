package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin promises, each by launching the real thing: a cipher module written against vpn-api
 * alone and dropped into a deployment is negotiated; the extras are; a broken provider is refused
 * with its reason; two modules offering one name stop the app; VPN_CIPHER_PATH picks the folder.
 */
class PluginIT {

    private static final Path TUTORIAL = Path.of(System.getProperty("vpn.docs", "../docs"), "writing-a-cipher-module.md");

    @TempDir
    Path temp;

    /** The tutorial's Java code blocks, by the path in each block's first-line comment. */
    static Map<String, String> tutorialSources() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        Matcher block = Pattern.compile("```java\\n// src/main/java/(\\S+)\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(TUTORIAL));
        while (block.find()) {
            sources.put(block.group(1), block.group(2));
        }
        assertEquals(2, sources.size(), "the tutorial has a module descriptor and a provider: " + sources.keySet());
        return sources;
    }

    @Test
    void theTutorialsModuleAndTheExtrasDroppedInAreNegotiated() throws Exception {
        Path rc2 = ModuleCompiler.build(temp, "cipher-rc2.jar", tutorialSources());
        Path home = Dist.deployment(temp, rc2, Dist.EXTRAS.resolve("cipher-des3.jar"),
                Dist.EXTRAS.resolve("cipher-camellia.jar"));

        try (VpnProcess ciphers = Dist.launchFrom(home, Map.of(), "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)), ciphers.stderr().toString());
            String table = String.join("\n", ciphers.stdout());
            assertTrue(table.contains("RC2        128            8      com.example.vpn.rc2"), table);
            assertTrue(table.contains("DES3       192            8      vpn.cipher.des3"), table);
            assertTrue(table.contains("Camellia   128,192,256    16     vpn.cipher.camellia"), table);
            assertEquals(List.of(), ciphers.stderr());
        }
        try (VpnProcess server = Dist.launchFrom(home, Map.of(), "server", "--host", "127.0.0.1", "--port", "0")) {
            int port = server.awaitListeningPort();
            for (String suite : List.of("RC2:128", "DES3:192", "Camellia:256")) {
                String label = suite.replace(":", "");
                try (VpnProcess client = Dist.launchFrom(home, Map.of(), "client", "--host", "127.0.0.1",
                        "--port", String.valueOf(port), "--ciphers", suite)) {
                    client.input("plug-in " + label + "\n");
                    client.closeInput();
                    assertEquals(0, client.waitFor(Duration.ofSeconds(60)), client.stderr().toString());
                    assertTrue(client.stdout().contains("We are going to use " + label), client.stdout().toString());
                    String reply = "Server says: " + new StringBuilder("plug-in " + label).reverse();
                    assertTrue(client.stdoutLineContaining(reply).isPresent(), client.stdout().toString());
                }
                server.awaitLine("^Received: plug-in " + label + "$", Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void aProviderThatFailsItsSelfTestIsRefusedWithTheReasonAndTheOthersServe() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>(tutorialSources());
        String provider = sources.get("com/example/vpn/rc2/Rc2Provider.java");
        // The same module, with its vector's ciphertext altered by one digit: a "bad build".
        sources.put("com/example/vpn/rc2/Rc2Provider.java", provider.replace("2269552ab0f85ca6", "2269552ab0f85ca7"));
        Path home = Dist.deployment(temp, ModuleCompiler.build(temp, "cipher-rc2.jar", sources));

        try (VpnProcess ciphers = Dist.launchFrom(home, Map.of(), "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)));
            assertTrue(ciphers.stdout().stream().noneMatch(l -> l.startsWith("RC2")), ciphers.stdout().toString());
            assertEquals(7, ciphers.stdout().size(), "the six installed ciphers are still offered");
            assertEquals(1, ciphers.stderr().size(), ciphers.stderr().toString());
            String warning = ciphers.stderr().get(0);
            assertTrue(warning.startsWith("warning: refused the cipher 'RC2' of module com.example.vpn.rc2 (")
                    && warning.contains("cipher-rc2.jar")
                    && warning.endsWith("vector RFC 2268 section 5: encryption gives the wrong ciphertext; "
                            + "vector RFC 2268 section 5: decryption gives the wrong plaintext"), warning);
        }
    }

    @Test
    void twoModulesOfferingOneCipherNameStopTheAppNamingBoth() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        tutorialSources().forEach((path, text) -> sources.put(path.replace("rc2", "aes2"),
                text.replace("com.example.vpn.rc2", "com.example.vpn.aes2").replace("\"RC2\";", "\"AES\";")));
        Path home = Dist.deployment(temp, ModuleCompiler.build(temp, "cipher-aes2.jar", sources));

        try (VpnProcess server = Dist.launchFrom(home, Map.of(), "server", "--port", "0")) {
            assertEquals(1, server.waitFor(Duration.ofSeconds(30)));
            assertEquals(1, server.stderr().size(), server.stderr().toString());
            String error = server.stderr().get(0);
            assertTrue(error.startsWith("error: two cipher modules offer the cipher 'AES': module ")
                    && error.contains("cipher-aes.jar") && error.contains("cipher-aes2.jar"), error);
        }
    }

    @Test
    void vpnCipherPathChoosesTheCipherFolder() throws Exception {
        Path aesOnly = Dist.cipherFolder(temp, "cipher-aes");
        try (VpnProcess ciphers = Dist.launchFrom(Dist.HOME, Map.of("VPN_CIPHER_PATH", aesOnly.toString()), "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)));
            assertEquals(2, ciphers.stdout().size(), ciphers.stdout().toString());
            assertTrue(ciphers.stdout().get(1).contains(aesOnly.resolve("cipher-aes.jar").toString()), ciphers.stdout().get(1));
        }
    }

    @Test
    void aBrokenPluginJarIsRefusedInOneLineAndTheRestStart() throws Exception {
        Path broken = temp.resolve("cipher-broken.jar");
        Files.writeString(broken, "not a zip file");
        Path home = Dist.deployment(temp, broken);
        try (VpnProcess ciphers = Dist.launchFrom(home, Map.of(), "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)), ciphers.stderr().toString());
            assertEquals(1, ciphers.stderr().size(), ciphers.stderr().toString());
            assertTrue(ciphers.stderr().get(0).startsWith("warning: refused " + home.resolve("ciphers/cipher-broken.jar")),
                    ciphers.stderr().toString());
            assertTrue(ciphers.stdout().stream().anyMatch(l -> l.startsWith("AES ")), ciphers.stdout().toString());
        }
    }

    @Test
    void withoutTheEchoJarTheClientSaysWhatIsMissing() throws Exception {
        Path home = Dist.deployment(temp);
        Files.delete(home.resolve("services/vpn-service-echo.jar"));
        try (VpnProcess services = Dist.launchFrom(home, Map.of(), "services")) {
            assertEquals(0, services.waitFor(Duration.ofSeconds(30)));
            assertEquals("SERVICE    VERSION  USERS  MODULE                 FROM", services.stdout().get(0));
            assertTrue(services.stdout().stream().noneMatch(l -> l.startsWith("echo ")), services.stdout().toString());
        }
        try (VpnProcess client = Dist.launchFrom(home, Map.of(), "client")) {
            client.closeInput();
            assertEquals(5, client.waitFor(Duration.ofSeconds(30)));
            assertEquals(List.of("error: vpn client needs the echo service, which is not installed"), client.stderr());
        }
    }

    @Test
    void aModuleThatRequiresAModuleNobodyShipsIsRefusedInOneLineAndTheRestStart() throws Exception {
        // B: a trivial library module, built only so that A compiles; it is never deployed.
        Path library = ModuleCompiler.build(temp, "helper.jar", Map.of(
                "module-info.java", "module com.example.vpn.helper {\n    exports com.example.vpn.helper;\n}\n",
                "com/example/vpn/helper/Helper.java",
                "package com.example.vpn.helper;\n\npublic final class Helper {\n    public static String name() {\n"
                        + "        return \"RC2\";\n    }\n}\n"));
        // A: the tutorial's cipher module, which now needs B.
        Map<String, String> sources = new LinkedHashMap<>(tutorialSources());
        sources.compute("module-info.java", (path, text) -> text.replace("requires vpn.api;",
                "requires vpn.api;\n    requires com.example.vpn.helper;"));
        sources.compute("com/example/vpn/rc2/Rc2Provider.java", (path, text) -> text.replace("return \"RC2\";",
                "return com.example.vpn.helper.Helper.name();"));
        Path home = Dist.deployment(temp, ModuleCompiler.build(temp, "cipher-rc2.jar", sources, library));

        try (VpnProcess ciphers = Dist.launchFrom(home, Map.of(), "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)), ciphers.stderr().toString());
            assertEquals(1, ciphers.stderr().size(), ciphers.stderr().toString());
            String warning = ciphers.stderr().get(0);
            assertTrue(warning.startsWith("warning: refused " + home.resolve("ciphers/cipher-rc2.jar") + ": ")
                    && warning.contains("com.example.vpn.helper"), warning);
            assertTrue(ciphers.stdout().stream().anyMatch(l -> l.startsWith("AES ")), ciphers.stdout().toString());
            assertTrue(ciphers.stdout().stream().noneMatch(l -> l.startsWith("RC2 ")), ciphers.stdout().toString());
            assertEquals(7, ciphers.stdout().size(), "the six installed ciphers are still offered: " + ciphers.stdout());
        }
    }

    @Test
    void aModuleBothOnTheModulePathAndInAPluginFolderIsLoadedOnceFromTheModulePath() throws Exception {
        Path copy = Dist.deployment(temp);
        List<Path> pluginJars = new java.util.ArrayList<>();
        for (String folder : List.of("ciphers", "services")) {
            Dist.list(copy.resolve(folder)).forEach(jar -> pluginJars.add(copy.resolve(folder).resolve(jar)));
        }
        List<String> expected = new java.util.ArrayList<>();
        for (Path jar : pluginJars) {
            String module = java.lang.module.ModuleFinder.of(jar).findAll().iterator().next().descriptor().name();
            expected.add("warning: refused " + jar + ": the module " + module
                    + " is already on the module path, and that copy is used");
        }

        try (VpnProcess ciphers = Dist.onModulePathWithPlugins(Dist.CIPHERS, copy.resolve("ciphers"),
                copy.resolve("services"), "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)), ciphers.stderr().toString());
            assertEquals(expected, ciphers.stderr());
            List<String> rows = ciphers.stdout().subList(1, ciphers.stdout().size());
            assertEquals(List.of("AES", "AES-GCM", "Blowfish", "DES", "None", "XOR"),
                    rows.stream().map(r -> r.split(" +")[0]).toList(), ciphers.stdout().toString());
            for (String row : rows) {
                assertTrue(row.contains(Dist.CIPHERS.toString()) && !row.contains(copy.toString()), row);
            }
        }
    }

    @Test
    void aCipherNameOfferedOnTheModulePathAndInAPluginFolderIsTheModulePathsWithAWarning() throws Exception {
        Map<String, String> sources = new LinkedHashMap<>();
        tutorialSources().forEach((path, text) -> sources.put(path.replace("vpn/rc2", "aes2"),
                text.replace("com.example.vpn.rc2", "com.example.aes2").replace("\"RC2\";", "\"AES\";")));
        Path plugins = Files.createDirectories(temp.resolve("plugins"));
        Path aes2 = Files.copy(ModuleCompiler.build(temp, "cipher-aes2.jar", sources), plugins.resolve("cipher-aes2.jar"));

        try (VpnProcess ciphers = Dist.onModulePathWithPlugins(Dist.CIPHERS, plugins, temp.resolve("no-services"),
                "ciphers")) {
            assertEquals(0, ciphers.waitFor(Duration.ofSeconds(30)), ciphers.stderr().toString());
            assertEquals(List.of("warning: refused the cipher 'AES' of module com.example.aes2 (" + aes2
                    + "): module vpn.cipher.aes (" + Dist.CIPHERS.resolve("cipher-aes.jar")
                    + ") on the module path offers it too, and that one is used"), ciphers.stderr());
            List<String> aes = ciphers.stdout().stream().filter(l -> l.startsWith("AES ")).toList();
            assertEquals(1, aes.size(), ciphers.stdout().toString());
            assertTrue(aes.get(0).contains("vpn.cipher.aes") && aes.get(0).contains(Dist.CIPHERS.toString()), aes.get(0));
            assertEquals(7, ciphers.stdout().size(), ciphers.stdout().toString());
        }
    }
}
