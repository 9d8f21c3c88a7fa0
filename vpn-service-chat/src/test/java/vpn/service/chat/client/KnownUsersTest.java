package vpn.service.chat.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.service.chat.crypto.SshEd25519;
import vpn.service.chat.testing.TestUser;

/** The pin file: first key wins, a change is reported, bad lines are skipped with a warning. */
class KnownUsersTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private static String line(String name, byte[] key) {
        return name + " ssh-ed25519 " + Base64.getEncoder().encodeToString(SshEd25519.wire(key));
    }

    @Test
    void theFirstKeySeenIsPinnedInTheFileAndAnotherIsReported() throws Exception {
        Path file = dir.resolve("sub/known_users");
        byte[] bob = TestUser.named("bob").publicKey();
        byte[] other = TestUser.named("bob").publicKey();
        KnownUsers known = KnownUsers.load(file, warnings::add);
        assertEquals(Optional.empty(), known.differentPinnedKey("bob", bob));
        assertEquals(List.of(line("bob", bob)), Files.readAllLines(file));
        assertArrayEquals(bob, known.differentPinnedKey("bob", other).orElseThrow());
        assertEquals(Optional.empty(), known.differentPinnedKey("bob", bob));

        KnownUsers reloaded = KnownUsers.load(file, warnings::add);
        assertArrayEquals(bob, reloaded.differentPinnedKey("bob", other).orElseThrow());
        assertEquals(List.of(), warnings);
    }

    @Test
    void commentsNamesWithSpacesAndBadLines() throws Exception {
        Path file = dir.resolve("known_users");
        byte[] bob = TestUser.named("bob").publicKey();
        byte[] smith = TestUser.named("x").publicKey();
        Files.writeString(file, String.join("\n", "# pins", "", line("bob", bob), line("bob smith", smith),
                "carol ssh-rsa AAAA", "dave ssh-ed25519 !!!", "justaname", line("bob", smith)) + "\n");
        KnownUsers known = KnownUsers.load(file, warnings::add);
        assertEquals(Optional.empty(), known.differentPinnedKey("bob", bob), "the first line for a name wins");
        assertEquals(Optional.empty(), known.differentPinnedKey("bob smith", smith));
        assertEquals(List.of(
                "warning: " + file + " line 5 skipped: not an ssh-ed25519 key: ssh-rsa",
                "warning: " + file + " line 6 skipped: the key is not base64",
                "warning: " + file + " line 7 skipped: not NAME ssh-ed25519 BASE64"), warnings);
    }

    @Test
    void aNameThatCannotBeWrittenOnOneLineIsPinnedForTheSessionOnly() throws Exception {
        Path file = dir.resolve("known_users");
        byte[] key = TestUser.named("x").publicKey();
        KnownUsers known = KnownUsers.load(file, warnings::add);
        known.differentPinnedKey("eve\nbob", key);
        assertTrue(Files.notExists(file));
        assertEquals(List.of("warning: the key of eve\\nbob is pinned for this session only, not in " + file
                + ": the name cannot be written on one line"), warnings);
        assertTrue(known.differentPinnedKey("eve\nbob", TestUser.named("x").publicKey()).isPresent());
    }

    @Test
    void aFileOrFolderOthersCanWriteIsRefusedWithTheFix() throws Exception {
        Path file = dir.resolve("known_users");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-r--"));
        java.io.IOException refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> KnownUsers.load(file, line -> { }));
        assertEquals("the known users file " + file + " is writable by others (rw-rw-r--); run: chmod go-w " + file,
                refused.getMessage());

        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            refused = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                    () -> KnownUsers.load(file, line -> { }));
            assertEquals("the directory " + dir + " holding the known users file " + file
                    + " is writable by others (rwxrwxrwx); run: chmod go-w " + dir, refused.getMessage());
        } finally {
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
        KnownUsers.load(file, line -> { }); // and once fixed, it reads
    }
}
