package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.User;
import vpn.core.testing.TargetTempDir;

/** The authorized-keys file followed as it changes: re-reads, removed users, and re-reads that fail. */
class AuthorizedKeysFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final byte[] ALICE = UserKey.generate(RANDOM).publicKey();
    private static final byte[] BOB = UserKey.generate(RANDOM).publicKey();
    private static final byte[] ALICE_NEW = UserKey.generate(RANDOM).publicKey();

    @TempDir(factory = TargetTempDir.class)
    Path dir;

    private final List<String> warnings = new ArrayList<>();
    private final List<Set<User>> removed = new ArrayList<>();

    private static User user(byte[] key, String name) {
        return new User(name, SshKeys.fingerprint(key), key);
    }

    /** Replaces the file as editors and scripts do, by renaming a new one over it: a change that is always seen. */
    private Path write(String... lines) throws IOException {
        Path file = dir.resolve("authorized_keys");
        Path next = Files.writeString(dir.resolve("authorized_keys.new"), String.join("\n", lines) + "\n");
        return Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private AuthorizedKeysFile open(Path file) throws IOException {
        AuthorizedKeysFile keys = new AuthorizedKeysFile(file, warnings::add);
        keys.onRemoved(removed::add);
        return keys;
    }

    @Test
    void aChangeIsReadAndTheUsersWhoseKeysWentAreReported() throws IOException {
        Path file = write(SshKeys.publicKeyLine(ALICE, "alice"), SshKeys.publicKeyLine(BOB, "bob"));
        try (AuthorizedKeysFile keys = open(file)) {
            assertFalse(keys.reloadIfChanged());
            assertEquals(List.of(), removed);
            write(SshKeys.publicKeyLine(ALICE_NEW, "alice"), SshKeys.publicKeyLine(BOB, "bob"));
            assertTrue(keys.reloadIfChanged());
            assertEquals(List.of(Set.of(user(ALICE, "alice"))), removed);
            assertTrue(keys.find(ALICE).isEmpty());
            assertEquals("alice", keys.find(ALICE_NEW).orElseThrow().name());
            write(SshKeys.publicKeyLine(ALICE_NEW, "alice"), SshKeys.publicKeyLine(BOB, "bob"),
                    SshKeys.publicKeyLine(ALICE, "alice2"));
            assertTrue(keys.reloadIfChanged());
            assertEquals(1, removed.size(), "adding a user removes nobody");
            assertEquals("alice2", keys.find(ALICE).orElseThrow().name());
            assertEquals(List.of(), warnings);
        }
    }

    @Test
    void aReReadThatFailsKeepsTheUsersAndWarnsOnceUntilTheNextChange() throws IOException {
        Path file = write(SshKeys.publicKeyLine(ALICE, "alice"));
        try (AuthorizedKeysFile keys = open(file)) {
            write(SshKeys.publicKeyLine(ALICE, "alice"), SshKeys.publicKeyLine(ALICE, "mallory"));
            assertFalse(keys.reloadIfChanged());
            assertFalse(keys.reloadIfChanged());
            assertEquals(List.of("warning: " + file + ": lines 1 and 2 give one key to two users, 'alice' and 'mallory'; "
                    + "a key names one user: remove one of the lines; keeping the users of " + file + " read before"),
                    warnings);
            assertEquals("alice", keys.find(ALICE).orElseThrow().name());
            write(SshKeys.publicKeyLine(BOB, "bob"));
            assertTrue(keys.reloadIfChanged());
            assertEquals(List.of(Set.of(user(ALICE, "alice"))), removed);
        }
    }

    @Test
    void aFileThatIsGoneKeepsItsUsersAndWarnsOnce() throws IOException {
        Path file = write(SshKeys.publicKeyLine(ALICE, "alice"));
        try (AuthorizedKeysFile keys = open(file)) {
            Files.delete(file);
            assertFalse(keys.reloadIfChanged());
            assertFalse(keys.reloadIfChanged());
            assertEquals(List.of("warning: " + file + " is gone; keeping the users read from it until it is back "
                    + "(an empty file removes them all)"), warnings);
            assertTrue(keys.find(ALICE).isPresent());
            write();
            assertTrue(keys.reloadIfChanged());
            assertEquals(List.of(Set.of(user(ALICE, "alice"))), removed);
        }
    }

    @Test
    void theChmodThatFixesARefusedFileCountsAsAChange() throws IOException {
        Path file = write(SshKeys.publicKeyLine(ALICE, "alice"));
        try (AuthorizedKeysFile keys = open(file)) {
            write(SshKeys.publicKeyLine(BOB, "bob"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));
            assertFalse(keys.reloadIfChanged());
            assertEquals(1, warnings.size());
            assertTrue(warnings.get(0).contains("is writable by others (rw-rw-rw-); run: chmod go-w " + file),
                    warnings.get(0));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            assertTrue(keys.reloadIfChanged());
            assertEquals("bob", keys.find(BOB).orElseThrow().name());
        }
    }

    @Test
    void aKeyUnderTwoNamesStopsTheStart() throws IOException {
        Path file = write(SshKeys.publicKeyLine(ALICE, "alice"), SshKeys.publicKeyLine(ALICE, "bob"));
        IOException error = assertThrows(IOException.class, () -> open(file));
        assertEquals(file + ": lines 1 and 2 give one key to two users, 'alice' and 'bob'; a key names one user: "
                + "remove one of the lines", error.getMessage());
    }

    @Test
    void theUsersAndTheirLinesFollowTheFile() throws IOException {
        Path file = write("permitopen=\"db:5432\" " + SshKeys.publicKeyLine(ALICE, "alice"));
        try (AuthorizedKeysFile keys = open(file)) {
            // The line's options come with the user: a line whose options change reads as another user.
            User restricted = new User("alice", SshKeys.fingerprint(ALICE), ALICE, Map.of("permitopen", List.of("db:5432")));
            assertEquals(Set.of(restricted), keys.users());
            assertEquals(List.of("db:5432"), keys.entry(ALICE).orElseThrow().options().permitOpen());
            write(SshKeys.publicKeyLine(ALICE, "alice"), SshKeys.publicKeyLine(BOB, "bob"));
            assertTrue(keys.reloadIfChanged());
            assertEquals(Set.of(user(ALICE, "alice"), user(BOB, "bob")), keys.users());
            assertFalse(keys.users().contains(restricted));
            assertEquals(KeyOptions.NONE, keys.entry(ALICE).orElseThrow().options());
            assertTrue(keys.entry(ALICE_NEW).isEmpty());
        }
    }

    /** A listener that fails is reported and the watching goes on; the watcher never keeps the process alive. */
    @Test
    void theWatcherGoesOnAfterAListenerFailsOnADaemonThread() throws Exception {
        Path file = write(SshKeys.publicKeyLine(ALICE, "alice"), SshKeys.publicKeyLine(BOB, "bob"));
        BlockingQueue<String> warned = new LinkedBlockingQueue<>();
        BlockingQueue<Set<User>> seen = new LinkedBlockingQueue<>();
        List<Boolean> daemon = new java.util.concurrent.CopyOnWriteArrayList<>();
        AuthorizedKeysFile[] started = new AuthorizedKeysFile[1];
        // Started from a thread that is not a daemon, whose status a new thread would inherit.
        Thread starter = new Thread(() -> {
            try {
                started[0] = new AuthorizedKeysFile(file, warned::add).startWatching(Duration.ofMillis(20));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        starter.setDaemon(false);
        starter.start();
        starter.join();
        try (AuthorizedKeysFile keys = started[0]) {
            java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
            keys.onRemoved(gone -> {
                daemon.add(Thread.currentThread().isDaemon());
                boolean first = calls.incrementAndGet() == 1;
                seen.add(gone);
                if (first) {
                    throw new IllegalStateException("the first listener call fails");
                }
            });
            write(SshKeys.publicKeyLine(ALICE, "alice"));
            assertEquals(Set.of(user(BOB, "bob")), seen.poll(10, TimeUnit.SECONDS));
            assertEquals("warning: while re-reading " + file
                    + ": java.lang.IllegalStateException: the first listener call fails", warned.poll(10, TimeUnit.SECONDS));
            write("");
            assertEquals(Set.of(user(ALICE, "alice")), seen.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of(true, true), daemon);
        }
    }

    @Test
    void theWatcherThreadSeesAChangeByItself() throws Exception {
        Path file = write(SshKeys.publicKeyLine(ALICE, "alice"), SshKeys.publicKeyLine(BOB, "bob"));
        BlockingQueue<Set<User>> seen = new LinkedBlockingQueue<>();
        try (AuthorizedKeysFile keys = new AuthorizedKeysFile(file, warnings::add)) {
            keys.onRemoved(seen::add);
            keys.startWatching(Duration.ofMillis(20));
            write(SshKeys.publicKeyLine(ALICE, "alice"));
            assertEquals(Set.of(user(BOB, "bob")), seen.poll(10, TimeUnit.SECONDS));
            assertTrue(keys.find(BOB).isEmpty());
        }
    }
}
