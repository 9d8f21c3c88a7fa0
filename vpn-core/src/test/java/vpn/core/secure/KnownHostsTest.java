package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.core.keys.SshKeys;
import vpn.core.keys.UserKey;
import vpn.core.testing.SshKeygen;
import vpn.core.testing.TargetTempDir;

/** The known-hosts file: canonical endpoints, OpenSSH's line form and the old one, damaged lines, and files others could change. */
class KnownHostsTest {

    private static final byte[] KEY = key(1);
    private static final byte[] OTHER_KEY = key(2);

    @TempDir(factory = TargetTempDir.class)
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    /** A real Ed25519 public key: the SSH wire encoding accepts only points on the curve. */
    private static byte[] key(int seed) {
        byte[] privateKey = new byte[32];
        privateKey[0] = (byte) seed;
        return UserKey.fromPrivate(privateKey).publicKey();
    }

    /** The old form's key: base64 of the raw 32 bytes. */
    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
    }

    /** OpenSSH's form: base64 of the SSH wire encoding. */
    private static String wire64(byte[] key) {
        return Base64.getEncoder().encodeToString(SshKeys.wire(key));
    }

    private KnownHosts knownHosts(Path file) {
        return new KnownHosts(file, warnings::add);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "localhost            | localhost:4600",
        "LocalHost            | localhost:4600",
        "VPN.Example.COM      | vpn.example.com:4600",
        "127.0.0.1            | 127.0.0.1:4600",
        "010.0.0.1            | 010.0.0.1:4600",
        "0:0:0:0:0:0:0:1      | [::1]:4600",
        "::1                  | [::1]:4600",
        "[::1]                | [::1]:4600",
        "[0:0:0:0:0:0:0:1]    | [::1]:4600",
        "2001:DB8:0:0:0:0:0:1 | [2001:db8::1]:4600",
        "2001:db8:0:0:1:0:0:1 | [2001:db8::1:0:0:1]:4600",
        "1:0:0:2:0:0:0:3      | [1:0:0:2::3]:4600",
        "2001:db8:0:1:1:1:1:1 | [2001:db8:0:1:1:1:1:1]:4600",
        "::                   | [::]:4600",
        "fe80::1%eth0         | [fe80::1%eth0]:4600",
        "::ffff:10.0.0.1      | 10.0.0.1:4600",
    })
    void endpointsAreCanonical(String host, String expected) {
        assertEquals(expected, KnownHosts.endpoint(host, 4600));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "host#x", "[localhost]", "[10.0.0.1]", "1::2::3", "::zz", "[::1", "a/b"})
    void endpointRefusesWhatIsNeitherNameNorLiteral(String host) {
        assertThrows(IllegalArgumentException.class, () -> KnownHosts.endpoint(host, 4600));
    }

    @Test
    void endpointRefusesPortsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> KnownHosts.endpoint("localhost", 0));
        assertThrows(IllegalArgumentException.class, () -> KnownHosts.endpoint("localhost", 65536));
    }

    @Test
    void pinIsWrittenInOpenSshFormAndFoundInAnyForm() throws IOException {
        KnownHosts hosts = knownHosts(dir.resolve("known_hosts"));
        hosts.pin("0:0:0:0:0:0:0:1:4600", KEY);
        hosts.pin("LocalHost:4600", OTHER_KEY);
        hosts.pin("10.0.0.1:4601", KEY);
        assertEquals("[::1]:4600 ssh-ed25519 " + wire64(KEY) + "\n"
                + "[localhost]:4600 ssh-ed25519 " + wire64(OTHER_KEY) + "\n"
                + "[10.0.0.1]:4601 ssh-ed25519 " + wire64(KEY) + "\n",
                Files.readString(hosts.file()));
        assertArrayEquals(KEY, hosts.lookup("[::1]:4600").orElseThrow());
        assertArrayEquals(KEY, hosts.lookup("::1:4600").orElseThrow());
        assertArrayEquals(OTHER_KEY, hosts.lookup("LOCALHOST:4600").orElseThrow());
        assertArrayEquals(KEY, hosts.lookup("10.0.0.1:4601").orElseThrow());
        assertEquals(Optional.empty(), hosts.lookup("localhost:4601"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void linesOfTheOldFormAreStillFound() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "VPN.Example.com:4600 ed25519 " + base64(KEY) + "\n"
                + "::1:4601 ed25519 " + base64(OTHER_KEY) + "\n"
                + "[::1]:4602 ed25519 " + base64(KEY) + "\n");
        KnownHosts hosts = knownHosts(file);
        assertArrayEquals(KEY, hosts.lookup(KnownHosts.endpoint("vpn.example.com", 4600)).orElseThrow());
        assertArrayEquals(OTHER_KEY, hosts.lookup(KnownHosts.endpoint("::1", 4601)).orElseThrow());
        assertArrayEquals(KEY, hosts.lookup(KnownHosts.endpoint("::1", 4602)).orElseThrow());
        assertEquals(List.of(), warnings);
    }

    @Test
    void linesOfBothFormsAreReadFromOneFile() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "old.example.com:4600 ed25519 " + base64(KEY) + "\n"
                + "[New.Example.com]:4600 ssh-ed25519 " + wire64(OTHER_KEY) + " added by hand\n"
                + "[2001:DB8::1]:4600 ssh-ed25519 " + wire64(KEY) + "\n");
        KnownHosts hosts = knownHosts(file);
        assertArrayEquals(KEY, hosts.lookup("old.example.com:4600").orElseThrow());
        assertArrayEquals(OTHER_KEY, hosts.lookup("new.example.com:4600").orElseThrow());
        assertArrayEquals(KEY, hosts.lookup("[2001:db8:0:0:0:0:0:1]:4600").orElseThrow());
        assertEquals(Optional.empty(), hosts.lookup("new.example.com:4601"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void damagedLinesAreSkippedWithAWarningAndLaterLinesStillCount() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, String.join("\n",
                "# pinned keys",
                "",
                "localhost:4600 ed25519",
                "localhost:4600 rsa " + base64(OTHER_KEY),
                "localhost:4600 ed25519 not*base64",
                "localhost:4600 ed25519 " + base64(new byte[31]),
                "bad#host:4600 ed25519 " + base64(OTHER_KEY),
                "localhost ed25519 " + base64(OTHER_KEY),
                "[localhost]:4600 ssh-ed25519 " + base64(OTHER_KEY),
                "[localhost] ssh-ed25519 " + wire64(OTHER_KEY),
                "[localhost]:99999 ssh-ed25519 " + wire64(OTHER_KEY),
                "localhost:4600 ed25519 " + base64(KEY),
                ""));
        assertArrayEquals(KEY, knownHosts(file).lookup("localhost:4600").orElseThrow());
        String prefix = "warning: " + file + " line ";
        String suffix = "; the line is ignored";
        assertEquals(List.of(
                prefix + "3: not '[HOST]:PORT ssh-ed25519 KEY'" + suffix,
                prefix + "4: unknown key type 'rsa' (only ssh-ed25519)" + suffix,
                prefix + "5: the key is not valid base64" + suffix,
                prefix + "6: the key is 31 bytes, an ed25519 key is 32" + suffix,
                prefix + "7: 'bad#host:4600' is not a valid [HOST]:PORT" + suffix,
                prefix + "8: 'localhost' is not a valid [HOST]:PORT" + suffix,
                prefix + "9: the key is not a valid ssh-ed25519 key" + suffix,
                prefix + "10: '[localhost]' is not a valid [HOST]:PORT" + suffix,
                prefix + "11: '[localhost]:99999' is not a valid [HOST]:PORT" + suffix), warnings);
    }

    /** OpenSSH's own tools read the file we write: the same line is found, with our fingerprint. */
    @Test
    void sshKeygenFindsOurPinAndShowsOurFingerprint() throws Exception {
        SshKeygen.assumeInstalled();
        KnownHosts hosts = knownHosts(dir.resolve("known_hosts"));
        hosts.pin("vpn.example.com:4600", KEY);
        hosts.pin("[::1]:4601", OTHER_KEY);
        String file = hosts.file().toString();
        assertEquals("[vpn.example.com]:4600 ssh-ed25519 " + wire64(KEY),
                SshKeygen.run("-F", "[vpn.example.com]:4600", "-f", file).get(1));
        assertEquals("[::1]:4601 ssh-ed25519 " + wire64(OTHER_KEY), SshKeygen.run("-F", "[::1]:4601", "-f", file).get(1));
        assertEquals(List.of("256 " + SshKeys.fingerprint(KEY) + " [vpn.example.com]:4600 (ED25519)",
                "256 " + SshKeys.fingerprint(OTHER_KEY) + " [::1]:4601 (ED25519)"), SshKeygen.run("-lf", file));
    }

    @Test
    void pinCreatesTheFileAndItsDirectoryOwnerOnly() throws IOException {
        Path file = dir.resolve("new/known_hosts");
        knownHosts(file).pin("localhost:4600", KEY);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    }

    @Test
    void pinStartsANewLineAfterAHandEditedLastLine() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "localhost:4600 ed25519 " + base64(KEY));
        knownHosts(file).pin("localhost:4601", OTHER_KEY);
        assertArrayEquals(KEY, knownHosts(file).lookup("localhost:4600").orElseThrow());
        assertArrayEquals(OTHER_KEY, knownHosts(file).lookup("localhost:4601").orElseThrow());
        assertEquals(List.of(), warnings);
    }

    /** An empty file (created by hand, or cut to nothing) takes the pin as its first line, with no blank line before it. */
    @Test
    void pinIntoAnEmptyFileWritesJustTheLine() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        knownHosts(file).pin("localhost:4600", KEY);
        assertEquals("[localhost]:4600 ssh-ed25519 " + wire64(KEY) + "\n", Files.readString(file));
    }

    @Test
    void aFileOthersCanWriteIsRefusedWithTheFix() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "localhost:4600 ed25519 " + base64(KEY) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        KnownHosts hosts = knownHosts(file);
        IOException lookup = assertThrows(IOException.class, () -> hosts.lookup("localhost:4600"));
        assertEquals("the known-hosts file " + file + " is writable by others (rw-rw-r--); run: chmod go-w " + file,
                lookup.getMessage());
        assertThrows(IOException.class, () -> hosts.pin("localhost:4601", OTHER_KEY));
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = open.resolve("known_hosts");
        IOException pin = assertThrows(IOException.class, () -> knownHosts(file).pin("localhost:4600", KEY));
        assertTrue(pin.getMessage().endsWith("is writable by others (rwxrwxrwx); run: chmod go-w " + open),
                pin.getMessage());
        Files.writeString(file, "localhost:4600 ed25519 " + base64(KEY) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThrows(IOException.class, () -> knownHosts(file).lookup("localhost:4600"));
    }

    @Test
    void aStickyDirectoryOthersCanWriteIsAccepted() throws IOException {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        Path file = sticky.resolve("known_hosts");
        knownHosts(file).pin("localhost:4600", KEY);
        assertArrayEquals(KEY, knownHosts(file).lookup("localhost:4600").orElseThrow());
    }
}
