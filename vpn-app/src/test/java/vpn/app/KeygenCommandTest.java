package vpn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.core.keys.OpenSshKeyFile;
import vpn.core.keys.Passphrases;
import vpn.core.keys.SecretPrompt;
import vpn.core.keys.SshKeys;
import vpn.core.keys.StandardPassphrases;
import vpn.core.keys.UserKey;
import vpn.core.keys.UserNames;
import vpn.core.plugin.PluginLayer;

/** {@code vpn keygen} in-process: the files, the lines printed, the passphrase's sources, the refusals. */
class KeygenCommandTest {

    @TempDir(factory = TargetTempDir.class)
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> environment = new HashMap<>();
    private final Deque<String> typed = new ArrayDeque<>();
    private boolean terminal;

    /** The terminal of the test: present only if {@link #terminal}, answering what {@link #typed} holds. */
    private final SecretPrompt prompt = new SecretPrompt() {
        @Override
        public boolean available() {
            return terminal;
        }

        @Override
        public char[] read(String text) {
            return typed.removeFirst().toCharArray();
        }
    };

    private int keygen(String... args) {
        String[] command = new String[args.length + 1];
        command[0] = "keygen";
        System.arraycopy(args, 0, command, 1, args.length);
        Passphrases passphrases = new StandardPassphrases(environment::get, prompt);
        return Main.run(command, new Console(out, err, new StringReader("")), PluginLayer.none(),
                binder -> binder.bind(Passphrases.class).toInstance(passphrases));
    }

    private static UserKey read(Path file, String passphrase) throws IOException {
        return OpenSshKeyFile.read(file, new StandardPassphrases(Map.of("VPN_PASSPHRASE", passphrase)::get,
                SecretPrompt.system()));
    }

    @Test
    void anUnencryptedKeyWithVpnPassphraseEmptyIsWrittenAndShownAsSshKeygenShowsIt() throws IOException {
        environment.put("VPN_PASSPHRASE", "");
        Path file = dir.resolve("keys/id_ed25519");
        assertEquals(0, keygen("--file", file.toString(), "--comment", "alice"), err.toString());
        UserKey key = read(file, "");
        assertEquals(List.of("Your identification has been saved in " + file,
                "Your public key has been saved in " + file + ".pub",
                "The key fingerprint is: " + key.fingerprint() + " alice"), out.toString().lines().toList());
        assertEquals(SshKeys.publicKeyLine(key.publicKey(), "alice") + "\n", Files.readString(Path.of(file + ".pub")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertEquals("", err.toString());
    }

    @Test
    void vpnPassphraseIsThePassphraseAndNothingIsAsked() throws IOException {
        environment.put("VPN_PASSPHRASE", "from the environment");
        terminal = true; // typed stays empty: asking would fail the test
        Path file = dir.resolve("id_ed25519");
        assertEquals(0, keygen("--file", file.toString(), "--comment", "alice"), err.toString());
        assertTrue(out.toString().contains(read(file, "from the environment").fingerprint()));
    }

    @Test
    void onATerminalThePassphraseIsAskedTwiceAndMustMatch() throws IOException {
        terminal = true;
        typed.addAll(List.of("typed twice", "typed twice"));
        Path file = dir.resolve("id_ed25519");
        assertEquals(0, keygen("--file", file.toString(), "--comment", "alice"), err.toString());
        assertTrue(out.toString().contains(read(file, "typed twice").fingerprint()));

        typed.addAll(List.of("one", "two"));
        Path other = dir.resolve("other");
        assertEquals(1, keygen("--file", other.toString(), "--comment", "alice"));
        assertEquals("error: the passphrases do not match; try again\n", err.toString());
        assertFalse(Files.exists(other));
    }

    @Test
    void withNeitherTerminalNorVpnPassphraseItSaysToSetIt() {
        Path file = dir.resolve("id_ed25519");
        assertEquals(1, keygen("--file", file.toString(), "--comment", "alice"));
        assertEquals("error: standard input is not a terminal to ask for a passphrase; set VPN_PASSPHRASE (empty for "
                + "a key without one)\n", err.toString());
        assertFalse(Files.exists(file));
    }

    @Test
    void anExistingFileIsKeptUnlessForce() throws IOException {
        environment.put("VPN_PASSPHRASE", "");
        Path file = dir.resolve("id_ed25519");
        assertEquals(0, keygen("--file", file.toString(), "--comment", "alice"));
        String first = Files.readString(file);
        assertEquals(1, keygen("--file", file.toString(), "--comment", "alice"));
        assertEquals("error: " + file + " exists; --force replaces it\n", err.toString());
        assertEquals(first, Files.readString(file));
        assertEquals(0, keygen("--file", file.toString(), "--comment", "bob", "--force"), err.toString());
        assertTrue(Files.readString(Path.of(file + ".pub")).endsWith(" bob\n"));
        assertEquals(List.of("id_ed25519", "id_ed25519.pub"), names());
    }

    @Test
    void anExistingPublicKeyFileAloneIsKeptToo() throws IOException {
        environment.put("VPN_PASSPHRASE", "");
        Path file = dir.resolve("id_ed25519");
        Files.writeString(Path.of(file + ".pub"), "ssh-ed25519 AAAA someone\n");
        assertEquals(1, keygen("--file", file.toString(), "--comment", "alice"));
        assertEquals("error: " + file + ".pub exists; --force replaces it\n", err.toString());
        assertFalse(Files.exists(file));
    }

    @Test
    void aCommentThatIsNotAValidUserNameIsAUsageError() {
        environment.put("VPN_PASSPHRASE", "");
        Path file = dir.resolve("id_ed25519");
        assertEquals(2, keygen("--file", file.toString(), "--comment", "alice smith"));
        assertTrue(err.toString().startsWith("error: --comment: 'alice smith' is not a valid user name (1 to 32 of A-Z a-z "
                + "0-9 . _ @ -)"), err.toString());
        assertFalse(Files.exists(file));
    }

    @Test
    void theDefaultCommentIsTheLoginName() throws IOException {
        String login = System.getProperty("user.name");
        assumeTrue(UserNames.valid(login), "the login name of this test run is not a valid user name");
        environment.put("VPN_PASSPHRASE", "");
        Path file = dir.resolve("id_ed25519");
        assertEquals(0, keygen("--file", file.toString()), err.toString());
        assertTrue(Files.readString(Path.of(file + ".pub")).endsWith(" " + login + "\n"));
    }

    @Test
    void helpDocumentsTheExitCodes() {
        assertEquals(0, keygen("--help"));
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
        assertTrue(out.toString().contains("VPN_PASSPHRASE"), out.toString());
    }

    /** ssh-keygen reads the key vpn keygen wrote, and shows the fingerprint vpn keygen printed. */
    @Test
    void sshKeygenReadsTheKeyAndShowsTheSameFingerprint() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ssh-keygen")), "no /usr/bin/ssh-keygen");
        environment.put("VPN_PASSPHRASE", "pass");
        Path file = dir.resolve("id_ed25519");
        assertEquals(0, keygen("--file", file.toString(), "--comment", "alice"), err.toString());
        String fingerprint = out.toString().lines().toList().get(2).split(" ")[4];
        assertEquals("256 " + fingerprint + " alice (ED25519)", sshKeygen("-lf", file + ".pub"));
        String[] derived = sshKeygen("-y", "-P", "pass", "-f", file.toString()).split(" ");
        assertEquals(derived[0] + " " + derived[1] + " alice\n", Files.readString(Path.of(file + ".pub")));
    }

    private static String sshKeygen(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/ssh-keygen"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        return output.strip();
    }

    private List<String> names() throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
