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

/** The known-hosts file: canonical endpoints, damaged lines, and files others could change. */
class KnownHostsTest {

    private static final byte[] KEY = key(1);
    private static final byte[] OTHER_KEY = key(2);

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        key[0] = (byte) seed;
        return key;
    }

    private static String base64(byte[] key) {
        return Base64.getEncoder().encodeToString(key);
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
    void pinIsWrittenCanonicalAndFoundInAnyForm() throws IOException {
        KnownHosts hosts = knownHosts(dir.resolve("known_hosts"));
        hosts.pin("0:0:0:0:0:0:0:1:4600", KEY);
        hosts.pin("LocalHost:4600", OTHER_KEY);
        assertEquals("[::1]:4600 ed25519 " + base64(KEY) + "\nlocalhost:4600 ed25519 " + base64(OTHER_KEY) + "\n",
                Files.readString(hosts.file()));
        assertArrayEquals(KEY, hosts.lookup("[::1]:4600").orElseThrow());
        assertArrayEquals(KEY, hosts.lookup("::1:4600").orElseThrow());
        assertArrayEquals(OTHER_KEY, hosts.lookup("LOCALHOST:4600").orElseThrow());
        assertEquals(Optional.empty(), hosts.lookup("localhost:4601"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void linesOfTheOldFormatAreStillFound() throws IOException {
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "VPN.Example.com:4600 ed25519 " + base64(KEY) + "\n"
                + "::1:4601 ed25519 " + base64(OTHER_KEY) + "\n");
        KnownHosts hosts = knownHosts(file);
        assertArrayEquals(KEY, hosts.lookup(KnownHosts.endpoint("vpn.example.com", 4600)).orElseThrow());
        assertArrayEquals(OTHER_KEY, hosts.lookup(KnownHosts.endpoint("::1", 4601)).orElseThrow());
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
                "localhost:4600 ed25519 " + base64(KEY),
                ""));
        assertArrayEquals(KEY, knownHosts(file).lookup("localhost:4600").orElseThrow());
        String prefix = "warning: " + file + " line ";
        String suffix = "; the line is ignored";
        assertEquals(List.of(
                prefix + "3: not 'HOST:PORT ed25519 KEY'" + suffix,
                prefix + "4: unknown key type 'rsa' (only ed25519)" + suffix,
                prefix + "5: the key is not valid base64" + suffix,
                prefix + "6: the key is 31 bytes, an ed25519 key is 32" + suffix,
                prefix + "7: 'bad#host:4600' is not a valid HOST:PORT" + suffix,
                prefix + "8: 'localhost' is not a valid HOST:PORT" + suffix), warnings);
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
