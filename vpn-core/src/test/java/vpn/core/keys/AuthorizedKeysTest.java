package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.User;
import vpn.core.testing.SshKeygen;
import vpn.core.testing.TargetTempDir;

/** OpenSSH's authorized_keys format with the user's name in the comment: options, every refusal, duplicates. */
class AuthorizedKeysTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ALICE = UserKey.generate(RANDOM).publicKey();
    private static final byte[] BOB = UserKey.generate(RANDOM).publicKey();
    private static final byte[] CAROL = UserKey.generate(RANDOM).publicKey();

    @TempDir(factory = TargetTempDir.class)
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static String line(byte[] key, String name) {
        return SshKeys.publicKeyLine(key, name);
    }

    private AuthorizedKeys parse(String... lines) throws IOException {
        return AuthorizedKeys.parse("authorized_keys", List.of(lines), warnings::add);
    }

    @Test
    void eachKeyIsFoundAsItsUserWithOpenSshsFingerprint() throws IOException {
        AuthorizedKeys keys = parse("# the team", "", line(ALICE, "alice"), "   ", line(BOB, "bob@example.com"));
        assertEquals(Optional.of(new User("alice", SshKeys.fingerprint(ALICE), ALICE)), keys.find(ALICE));
        assertEquals("bob@example.com", keys.find(BOB).orElseThrow().name());
        assertEquals(Optional.empty(), keys.find(CAROL));
        assertEquals(5, keys.entry(BOB).orElseThrow().line());
        assertEquals(List.of(), warnings);
    }

    @Test
    void theUserCarriesItsKeysOptionsToTheServicesAndAChangedLineIsAnotherUser() throws IOException {
        AuthorizedKeys keys = parse("permitopen=\"db:5432\",no-port-forwarding,PermitOpen=\"web:80\" " + line(ALICE, "alice"));
        User alice = keys.find(ALICE).orElseThrow();
        assertEquals(java.util.Map.of("permitopen", List.of("db:5432", "web:80"), "no-port-forwarding", List.of()),
                alice.keyOptions());
        assertTrue(alice.hasKeyOption("no-port-forwarding"));
        assertEquals(List.of("db:5432", "web:80"), alice.keyOptionValues("permitopen"));
        assertEquals(List.of(), alice.keyOptionValues("restrict"));
        User unrestricted = parse(line(ALICE, "alice")).find(ALICE).orElseThrow();
        assertFalse(alice.equals(unrestricted), "new restrictions end the sessions of the old line, as a removed key does");
    }

    @Test
    void optionsAreKeptWithQuotedCommasSpacesAndEscapedQuotes() throws IOException {
        AuthorizedKeys keys = parse(
                "permitopen=\"db.example.com:5432\",PermitOpen=\"[::1]:80\",no-port-forwarding " + line(ALICE, "alice"),
                "restrict,port-forwarding,permitopen=\"odd, \\\"name\\\" here:1\" " + line(BOB, "bob"),
                line(CAROL, "carol"));
        KeyOptions alice = keys.entry(ALICE).orElseThrow().options();
        assertEquals(List.of("db.example.com:5432", "[::1]:80"), alice.permitOpen());
        assertTrue(alice.has("no-port-forwarding"));
        assertFalse(alice.portForwarding());
        KeyOptions bob = keys.entry(BOB).orElseThrow().options();
        assertEquals(List.of("odd, \"name\" here:1"), bob.permitOpen());
        assertTrue(bob.portForwarding());
        assertEquals("restrict,port-forwarding,permitopen=\"odd, \\\"name\\\" here:1\"", bob.toString());
        assertEquals(KeyOptions.NONE, keys.entry(CAROL).orElseThrow().options());
        assertTrue(KeyOptions.NONE.portForwarding());
        assertEquals(List.of(), warnings);
    }

    @Test
    void restrictAloneForbidsForwarding() {
        assertFalse(KeyOptions.parse("restrict").portForwarding());
        assertTrue(KeyOptions.parse("no-pty").portForwarding());
    }

    @Test
    void everyBadLineIsSkippedWithAWarningNamingItsLine() throws IOException {
        String alice = Base64.getEncoder().encodeToString(SshKeys.wire(ALICE));
        AuthorizedKeys keys = parse(
                "# line 1",
                "garbage",
                "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC alice",
                "ssh-ed25519",
                "ssh-ed25519 not*base64 alice",
                "ssh-ed25519 " + Base64.getEncoder().encodeToString(new byte[51]) + " alice",
                "ssh-ed25519 " + alice,
                "ssh-ed25519 " + alice + " bad/name",
                "ssh-ed25519 " + alice + " alice smith",
                "ssh-ed25519 " + alice + " " + "x".repeat(33),
                "from=\"10.0.0.0/8\" " + line(ALICE, "alice"),
                "permitopen=\"unclosed " + line(ALICE, "alice"),
                "permitopen " + line(ALICE, "alice"),
                "restrict=\"yes\" " + line(ALICE, "alice"),
                "permitopen=db:1 " + line(ALICE, "alice"),
                "restrict,,no-pty " + line(ALICE, "alice"),
                "restrict",
                line(BOB, "bob"));
        assertEquals(List.of("bob"), keys.keys().stream().map(k -> k.user().name()).toList());
        String at = "warning: authorized_keys line ";
        String skipped = "; the line is skipped";
        assertEquals(List.of(
                at + "2: not '[OPTIONS] ssh-ed25519 KEY NAME'" + skipped,
                at + "3: key type 'ssh-rsa' is not supported (only ssh-ed25519)" + skipped,
                at + "4: no key after ssh-ed25519" + skipped,
                at + "5: the key is not a valid ssh-ed25519 key in base64" + skipped,
                at + "6: the key is not a valid ssh-ed25519 key in base64" + skipped,
                at + "7: no user name (the comment after the key names the user)" + skipped,
                at + "8: 'bad/name' is not a valid user name (1 to 32 of A-Z a-z 0-9 . _ @ -)" + skipped,
                at + "9: 'alice smith' is not a valid user name (1 to 32 of A-Z a-z 0-9 . _ @ -)" + skipped,
                at + "10: '" + "x".repeat(33) + "' is not a valid user name (1 to 32 of A-Z a-z 0-9 . _ @ -)" + skipped,
                at + "11: unsupported option 'from' (supported: permitlisten, permitopen, no-agent-forwarding, no-port-forwarding, "
                        + "no-pty, no-user-rc, no-x11-forwarding, port-forwarding, restrict)" + skipped,
                at + "12: the options have a quote that is not closed" + skipped,
                at + "13: option 'permitopen' needs a value, as permitopen=\"HOST:PORT\"" + skipped,
                at + "14: option 'restrict' takes no value" + skipped,
                at + "15: the value of option 'permitopen' is not in double quotes" + skipped,
                at + "16: malformed options at ',no-pty'" + skipped,
                at + "17: not '[OPTIONS] ssh-ed25519 KEY NAME'" + skipped), warnings);
    }

    @Test
    void aSecondLineForANameIsSkippedNamingBothLines() throws IOException {
        AuthorizedKeys keys = parse(line(ALICE, "alice"), line(BOB, "bob"), line(CAROL, "Alice"));
        assertEquals(Optional.empty(), keys.find(CAROL));
        assertEquals("alice", keys.find(ALICE).orElseThrow().name());
        assertEquals(List.of("warning: authorized_keys line 3: the user 'alice' already has a key on line 1; "
                + "the line is skipped"), warnings);
    }

    @Test
    void oneKeyUnderTwoNamesIsAnErrorNamingBothLines() {
        IOException error = assertThrows(IOException.class,
                () -> parse(line(ALICE, "alice"), "# bob", line(BOB, "bob"), line(ALICE, "mallory")));
        assertEquals("authorized_keys: lines 1 and 4 give one key to two users, 'alice' and 'mallory'; a key names "
                + "one user: remove one of the lines", error.getMessage());
    }

    @Test
    void aFileOthersCanWriteIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("authorized_keys"), line(ALICE, "alice") + "\n");
        assertEquals(1, AuthorizedKeys.read(file, warnings::add).keys().size());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        IOException refused = assertThrows(IOException.class, () -> AuthorizedKeys.read(file, warnings::add));
        assertEquals("the authorized-keys file " + file + " is writable by others (rw-rw-r--); run: chmod go-w " + file,
                refused.getMessage());
    }

    @Test
    void aFileInADirectoryOthersCanWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Path file = Files.writeString(open.resolve("authorized_keys"), line(ALICE, "alice") + "\n");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException refused = assertThrows(IOException.class, () -> AuthorizedKeys.read(file, warnings::add));
        assertEquals("the directory " + open + " holding the authorized-keys file " + file
                + " is writable by others (rwxrwxrwx); run: chmod go-w " + open, refused.getMessage());
    }

    /** A public key file of ssh-keygen is a line of authorized_keys as it is: cat id_ed25519.pub >> authorized_keys. */
    @Test
    void aPublicKeyFileOfSshKeygenIsALine() throws Exception {
        SshKeygen.assumeInstalled();
        Path key = dir.resolve("id_ed25519");
        SshKeygen.run("-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f", key.toString());
        Path file = Files.writeString(dir.resolve("authorized_keys"), Files.readString(dir.resolve("id_ed25519.pub")));
        AuthorizedKey alice = AuthorizedKeys.read(file, warnings::add).keys().get(0);
        assertEquals("alice", alice.user().name());
        assertEquals(SshKeygen.fingerprint(key), alice.user().keyFingerprint());
        assertEquals(List.of(), warnings);
    }
}
