package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server key file: created atomically and owner-only, and refused when others could change it. */
class ServerIdentityTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    Path dir;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** RFC 8032, section 7.1, TEST 2 (checked with Python's cryptography package as well). */
    @Test
    void signsAsRfc8032Says() throws IOException {
        Path file = dir.resolve("server_key");
        Files.writeString(file, "ed25519-private " + java.util.Base64.getEncoder().encodeToString(
                java.util.HexFormat.of().parseHex("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb")) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        ServerIdentity identity = ServerIdentity.loadOrCreate(file, RANDOM);
        byte[] signature = identity.sign(new byte[] {0x72});
        assertEquals("92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
                + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00", java.util.HexFormat.of().formatHex(signature));
        assertTrue(ServerIdentity.verify(identity.publicKey(), new byte[] {0x72}, signature));
        assertEquals(ServerIdentity.fingerprint(identity.publicKey()), identity.fingerprint());
    }

    @Test
    void aNewKeyIsOwnerOnlyInAnOwnerOnlyDirectoryWithNoTemporaryFileLeft() throws IOException {
        Path file = dir.resolve("etc/server_ed25519");
        ServerIdentity.loadOrCreate(file, RANDOM);
        assertEquals("rw-------", mode(file));
        assertEquals("rwx------", mode(file.getParent()));
        assertEquals(List.of("server_ed25519"), names(file.getParent()));
    }

    @Test
    void anExistingKeyIsLoadedUnchanged() throws IOException {
        Path file = dir.resolve("server_ed25519");
        ServerIdentity created = ServerIdentity.loadOrCreate(file, RANDOM);
        byte[] content = Files.readAllBytes(file);
        ServerIdentity loaded = ServerIdentity.loadOrCreate(file, RANDOM);
        assertEquals(created.fingerprint(), loaded.fingerprint());
        assertArrayEquals(content, Files.readAllBytes(file));
    }

    @Test
    void serversStartingTogetherAgreeOnOneKey() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 20; round++) {
                Path file = dir.resolve("round" + round + "/server_ed25519");
                CountDownLatch start = new CountDownLatch(1);
                Callable<String> server = () -> {
                    start.await();
                    return ServerIdentity.loadOrCreate(file, RANDOM).fingerprint();
                };
                Future<String> first = pool.submit(server);
                Future<String> second = pool.submit(server);
                start.countDown();
                assertEquals(first.get(), second.get(), "round " + round);
                assertEquals(ServerIdentity.loadOrCreate(file, RANDOM).fingerprint(), first.get());
                assertEquals(List.of("server_ed25519"), names(file.getParent()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aSymbolicLinkIsRefused() throws IOException {
        Path real = dir.resolve("real_ed25519");
        ServerIdentity.loadOrCreate(real, RANDOM);
        Path link = Files.createSymbolicLink(dir.resolve("server_ed25519"), real);
        IOException refused = assertThrows(IOException.class, () -> ServerIdentity.loadOrCreate(link, RANDOM));
        assertEquals("the server key file " + link + " is a symbolic link; replace it with a regular file",
                refused.getMessage());
    }

    @Test
    void aDanglingSymbolicLinkIsNotWrittenThrough() throws IOException {
        Path target = dir.resolve("elsewhere");
        Path link = Files.createSymbolicLink(dir.resolve("server_ed25519"), target);
        assertThrows(IOException.class, () -> ServerIdentity.loadOrCreate(link, RANDOM));
        assertFalse(Files.exists(target));
    }

    @Test
    void aKeyOwnedBySomeoneElseIsRefused() throws IOException {
        Path file = dir.resolve("server_ed25519");
        ServerIdentity.loadOrCreate(file, RANDOM);
        UserPrincipal nobody;
        try {
            nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        } catch (IOException e) {
            nobody = null;
        }
        assumeTrue(nobody != null, "no user 'nobody' here");
        assumeTrue(!nobody.equals(Files.getOwner(file)), "running as 'nobody'");
        Files.setOwner(file, nobody);
        IOException refused = assertThrows(IOException.class, () -> ServerIdentity.loadOrCreate(file, RANDOM));
        assertTrue(refused.getMessage().startsWith("the server key file " + file + " is owned by nobody, not by "),
                refused.getMessage());
    }

    @Test
    void aKeyOthersCanWriteIsRefusedWithTheFix() throws IOException {
        Path file = dir.resolve("server_ed25519");
        ServerIdentity.loadOrCreate(file, RANDOM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw--w----"));
        IOException refused = assertThrows(IOException.class, () -> ServerIdentity.loadOrCreate(file, RANDOM));
        assertEquals("the server key file " + file + " is writable by others (rw--w----); run: chmod 600 " + file,
                refused.getMessage());
    }

    @Test
    void aKeyOthersCanReadIsRefusedWithTheFix() throws IOException {
        Path file = dir.resolve("server_ed25519");
        ServerIdentity.loadOrCreate(file, RANDOM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException refused = assertThrows(IOException.class, () -> ServerIdentity.loadOrCreate(file, RANDOM));
        assertEquals("the server key file " + file + " may be read by others (rw-r--r--); run: chmod 600 " + file,
                refused.getMessage());
    }

    @Test
    void aDirectoryOthersCanWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = open.resolve("server_ed25519");
        IOException refused = assertThrows(IOException.class, () -> ServerIdentity.loadOrCreate(file, RANDOM));
        assertEquals("the directory " + open + " holding the server key file " + file
                + " is writable by others (rwxrwxrwx); run: chmod go-w " + open, refused.getMessage());
        assertEquals(List.of(), names(open));
    }

    /** Logs may print an identity: they get its fingerprint, never the private key. */
    @Test
    void anIdentityPrintsItsFingerprintAndHidesItsPrivateKey() throws IOException {
        Path file = dir.resolve("server_ed25519");
        ServerIdentity identity = ServerIdentity.loadOrCreate(file, RANDOM);
        String privateLine = Files.readAllLines(file).stream().filter(l -> l.startsWith("ed25519-private ")).findFirst()
                .orElseThrow();
        assertEquals("ServerIdentity[" + identity.fingerprint() + ", private key hidden]", identity.toString());
        assertTrue(!identity.toString().contains(privateLine.substring("ed25519-private ".length())));
    }

    /** An existing key is refused too once its directory is opened to others: they could have swapped it. */
    @Test
    void anExistingKeyInADirectoryOthersCanWriteIsRefused() throws IOException {
        Path open = Files.createDirectory(dir.resolve("opened-later"));
        Path file = open.resolve("server_ed25519");
        ServerIdentity.loadOrCreate(file, RANDOM);
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException refused = assertThrows(IOException.class, () -> ServerIdentity.loadOrCreate(file, RANDOM));
        assertEquals("the directory " + open + " holding the server key file " + file
                + " is writable by others (rwxrwxrwx); run: chmod go-w " + open, refused.getMessage());
    }

    @Test
    void aStickyDirectoryOthersCanWriteIsAccepted() throws IOException {
        Path sticky = Files.createDirectory(dir.resolve("sticky"));
        Files.setAttribute(sticky, "unix:mode", 01777);
        assertEquals(01777, ((Integer) Files.getAttribute(sticky, "unix:mode")) & 07777);
        Path file = sticky.resolve("server_ed25519");
        ServerIdentity created = ServerIdentity.loadOrCreate(file, RANDOM);
        assertEquals(created.fingerprint(), ServerIdentity.loadOrCreate(file, RANDOM).fingerprint());
        assertTrue(Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
    }
}
