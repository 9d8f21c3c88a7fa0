package vpn.service.files.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;
import vpn.service.files.protocol.Entry;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Entries;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.FileInfo;
import vpn.service.files.protocol.FilesMessage.Get;
import vpn.service.files.protocol.FilesMessage.ListFiles;
import vpn.service.files.protocol.FilesMessage.MakeDirectory;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Put;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.FilesMessage.Remove;
import vpn.service.files.protocol.FilesMessage.Start;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.protocol.Reason;
import vpn.service.files.storage.PartFile;
import vpn.service.files.storage.Sha256;
import vpn.service.files.testing.FakeSession;
import vpn.testing.SmallDisk;

/** The server half, fed messages as the core would feed them, against a real folder. */
class FilesServerTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    @TempDir
    Path temp;

    private Path root;
    private FakeSession alice;
    private SessionHandler handler;

    @BeforeEach
    void serve() throws Exception {
        root = Files.createDirectories(temp.resolve("served"));
        alice = new FakeSession(FakeSession.user("alice"));
        handler = folder(false, FilesProtocol.DEFAULT_MAX_FILE_SIZE).open(alice);
    }

    private ServedFolder folder(boolean readOnly, long maxFileSize) throws Exception {
        return new ServedFolder(new FilesSettings(root, readOnly, maxFileSize), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void send(FilesMessage message) throws Exception {
        send(handler, message);
    }

    private static void send(SessionHandler to, FilesMessage message) throws Exception {
        to.onMessage(FilesCodec.encode(message));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sha256(byte[] bytes) {
        return Sha256.digest().digest(bytes);
    }

    /** PUT, START at 0, the data in chunks, END with {@code digest}: the server's last answer. */
    private FilesMessage upload(int id, String path, byte[] content, byte[] digest, boolean force) throws Exception {
        send(new Put(id, force, false, content.length, path));
        FilesMessage answer = alice.next();
        if (!(answer instanceof Ready)) {
            return answer;
        }
        send(new Start(id, 0));
        for (int at = 0; at < content.length; at += FilesProtocol.MAX_CHUNK_BYTES) {
            send(new Data(id, Arrays.copyOfRange(content, at, Math.min(content.length, at + FilesProtocol.MAX_CHUNK_BYTES))));
        }
        send(new End(id, content.length, digest));
        return alice.next();
    }

    private List<String> namesIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aPutIsStoredWholeUnderItsNameAndLoggedWithItsChecksum() throws Exception {
        byte[] content = random(300_000);
        assertEquals(new Ok(1), upload(1, "data.bin", content, sha256(content), false));
        assertArrayEquals(content, Files.readAllBytes(root.resolve("data.bin")));
        assertEquals(List.of("data.bin"), namesIn(root), "no partial file is left");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("data.bin"))));
        assertTrue(alice.logged().contains(Sha256.hex(sha256(content)) + "  data.bin"), alice.logged().toString());
        assertTrue(alice.logged().contains("Files: alice put data.bin (300000 bytes)"), alice.logged().toString());
    }

    @Test
    void aChecksumMismatchLeavesNothingUnderTheName() throws Exception {
        byte[] content = random(70_000);
        Failed failed = (Failed) upload(1, "bad.bin", content, new byte[32], false);
        assertEquals(Reason.CHECKSUM_MISMATCH, failed.reason());
        assertTrue(failed.text().contains("nothing was stored"), failed.text());
        assertEquals(List.of(), namesIn(root));
    }

    @Test
    void anExistingFileIsKeptUnlessForced() throws Exception {
        Files.writeString(root.resolve("notes.txt"), "old");
        byte[] content = "new".getBytes();
        Failed failed = (Failed) upload(1, "notes.txt", content, sha256(content), false);
        assertEquals(Reason.EXISTS, failed.reason());
        assertEquals("notes.txt exists on the server (--force replaces it)", failed.text());
        assertEquals("old", Files.readString(root.resolve("notes.txt")));

        assertEquals(new Ok(2), upload(2, "notes.txt", content, sha256(content), true));
        assertEquals("new", Files.readString(root.resolve("notes.txt")));
    }

    @Test
    void aReadOnlyServerRefusesEveryChange() throws Exception {
        Files.createDirectories(root.resolve("d"));
        FakeSession session = new FakeSession(FakeSession.user("bob"));
        SessionHandler readOnly = folder(true, FilesProtocol.DEFAULT_MAX_FILE_SIZE).open(session);
        send(readOnly, new Put(1, false, false, 3, "x"));
        send(readOnly, new MakeDirectory(2, false, "e"));
        send(readOnly, new Remove(3, "d"));
        for (int id = 1; id <= 3; id++) {
            Failed failed = session.next(Failed.class);
            assertEquals(Reason.READ_ONLY, failed.reason());
            assertEquals("this server is read-only (it runs with --files-read-only)", failed.text());
        }
        assertEquals(List.of("d"), namesIn(root));
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedAtOnceOrWhenItGrowsPastIt() throws Exception {
        FakeSession session = new FakeSession(FakeSession.user("bob"));
        SessionHandler small = folder(false, 100_000).open(session);
        send(small, new Put(1, false, false, 200_000, "big"));
        Failed atOnce = session.next(Failed.class);
        assertEquals(Reason.TOO_LARGE, atOnce.reason());
        assertEquals("big is 195.3 KiB; this server takes files up to 97.7 KiB", atOnce.text());

        send(small, new Put(2, false, false, -1, "stream")); // from standard input: size unknown
        session.next(Ready.class);
        send(small, new Start(2, 0));
        send(small, new Data(2, random(60_000)));
        send(small, new Data(2, random(60_000)));
        Failed growing = session.next(Failed.class);
        assertEquals(Reason.TOO_LARGE, growing.reason());
        send(small, new Data(2, random(10))); // still in flight: dropped
        send(small, new FilesMessage.Cancel(2));
        assertEquals(List.of(), namesIn(root), "no partial file is left");
        assertTrue(session.quiet());
    }

    @Test
    void aFullDiskIsAClearErrorAndLeavesNoPartialFile() throws Exception {
        Path tiny = Files.createDirectories(temp.resolve("tiny"));
        Optional<SmallDisk> disk = SmallDisk.mount(tiny, 256);
        assumeTrue(disk.isPresent(), "SKIPPED: cannot mount a small tmpfs here (needs root); FilesIT fills a disk with ulimit -f");
        try (SmallDisk mounted = disk.get()) {
            FakeSession session = new FakeSession(FakeSession.user("bob"));
            ServedFolder onTiny = new ServedFolder(new FilesSettings(tiny, false, FilesProtocol.DEFAULT_MAX_FILE_SIZE),
                    Clock.systemUTC());
            SessionHandler full = onTiny.open(session);
            send(full, new Put(1, false, false, -1, "big"));
            session.next(Ready.class);
            send(full, new Start(1, 0));
            for (int i = 0; i < 10 && session.quiet(); i++) {
                send(full, new Data(1, random(60_000)));
            }
            Failed failed = session.next(Failed.class);
            assertEquals(Reason.WRITE_FAILED, failed.reason());
            assertEquals("cannot write big on the server: No space left on device; nothing was kept", failed.text());
            assertEquals(List.of(), namesIn(tiny));

            send(full, new FilesMessage.Cancel(1));
            send(full, new ListFiles(2, "")); // the session goes on
            assertEquals(new Entries(2, true, List.of()), session.next());
        }
    }

    @Test
    void anInterruptedUploadIsKeptHiddenOwnerOnlyAndResumedByItsOwner() throws Exception {
        byte[] content = random(200_000);
        send(new Put(1, false, true, content.length, "big.iso"));
        assertEquals(0, alice.next(Ready.class).offset());
        send(new Start(1, 0));
        send(new Data(1, Arrays.copyOf(content, 65_000)));
        handler.onClose(); // the connection broke

        Path part = root.resolve(".big.iso.vpn-part");
        assertTrue(Files.exists(part));
        assertFalse(Files.exists(root.resolve("big.iso")), "never a truncated file under the final name");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(part)));

        FakeSession again = new FakeSession(FakeSession.user("alice"));
        SessionHandler resumed = folder(false, FilesProtocol.DEFAULT_MAX_FILE_SIZE).open(again);
        send(resumed, new ListFiles(2, ""));
        assertEquals(new Entries(2, true, List.of()), again.next(), "ls never lists a partial file");
        send(resumed, new Put(3, false, true, content.length, "big.iso"));
        Ready ready = again.next(Ready.class);
        assertEquals(65_000, ready.offset());
        assertArrayEquals(sha256(Arrays.copyOf(content, 65_000)), ready.prefixDigest());
        send(resumed, new Start(3, 65_000));
        for (int at = 65_000; at < content.length; at += 60_000) {
            send(resumed, new Data(3, Arrays.copyOfRange(content, at, Math.min(content.length, at + 60_000))));
        }
        send(resumed, new End(3, content.length, sha256(content)));
        assertEquals(new Ok(3), again.next());
        assertArrayEquals(content, Files.readAllBytes(root.resolve("big.iso")));
    }

    @Test
    void anotherUsersInterruptedUploadIsNeitherResumedNorReplacedWithoutForce() throws Exception {
        send(new Put(1, false, false, 10, "shared.txt"));
        alice.next(Ready.class);
        send(new Start(1, 0));
        send(new Data(1, "hello".getBytes()));
        handler.onClose();

        FakeSession bob = new FakeSession(FakeSession.user("bob"));
        SessionHandler bobs = folder(false, FilesProtocol.DEFAULT_MAX_FILE_SIZE).open(bob);
        send(bobs, new Put(2, false, true, 10, "shared.txt"));
        Failed busy = bob.next(Failed.class);
        assertEquals(Reason.BUSY, busy.reason());
        assertEquals("shared.txt has an interrupted upload by another user, kept for --resume until 2026-12-01 "
                + "12:00 UTC (--force replaces it)", busy.text().replaceAll("until \\S+ \\S+", "until 2026-12-01 12:00"));
        send(bobs, new Put(3, true, true, 10, "shared.txt"));
        assertEquals(0, bob.next(Ready.class).offset(), "bob starts over");
    }

    @Test
    void expiredPartialFilesAreSweptAndNotResumed() throws Exception {
        Path part = root.resolve(PartFile.partName("old.bin"));
        Files.write(part, new byte[10]);
        Files.setLastModifiedTime(part, FileTime.from(NOW.minus(FilesProtocol.PARTIAL_LIFETIME).minus(Duration.ofMinutes(1))));
        Path fresh = root.resolve(PartFile.partName("fresh.bin"));
        Files.write(fresh, new byte[10]);
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofDays(1))));
        assertEquals(1, folder(false, 1000).sweepExpiredPartials());
        assertEquals(List.of(".fresh.bin.vpn-part"), namesIn(root));
    }

    @Test
    void aGetSendsTheFileInChunksAndEndsWithItsChecksum() throws Exception {
        byte[] content = random(150_000);
        Files.write(root.resolve("f.bin"), content);
        send(new Get(1, false, 0, Sha256.empty(), "f.bin"));
        FileInfo info = alice.next(FileInfo.class);
        assertEquals(150_000, info.size());
        assertEquals(0, info.offset());
        MessageDigest digest = Sha256.digest();
        long received = 0;
        FilesMessage next;
        while ((next = alice.next()) instanceof Data data) {
            digest.update(data.bytes());
            received += data.bytes().length;
        }
        End end = (End) next;
        assertEquals(150_000, received);
        assertEquals(150_000, end.size());
        assertArrayEquals(sha256(content), end.digest());
        assertArrayEquals(end.digest(), digest.digest());
        send(new Ok(1));
        assertTrue(alice.logged().contains(Sha256.hex(sha256(content)) + "  f.bin"));
    }

    @Test
    void aResumedGetStartsAfterAMatchingPrefixAndOverAfterAWrongOne() throws Exception {
        byte[] content = random(100_000);
        Files.write(root.resolve("f.bin"), content);
        send(new Get(1, true, 40_000, sha256(Arrays.copyOf(content, 40_000)), "f.bin"));
        assertEquals(40_000, alice.next(FileInfo.class).offset());
        FilesMessage next;
        while ((next = alice.next()) instanceof Data) {
            // the rest
        }
        assertArrayEquals(sha256(content), ((End) next).digest(), "the whole file's digest");
        send(new Ok(1));

        send(new Get(2, true, 40_000, new byte[32], "f.bin"));
        assertEquals(0, alice.next(FileInfo.class).offset(), "a prefix that differs is sent again");
    }

    @Test
    void refusedGetsNameTheirReason() throws Exception {
        Files.createDirectories(root.resolve("dir"));
        send(new Get(1, false, 0, Sha256.empty(), "missing"));
        assertEquals(new Failed(1, Reason.NOT_FOUND, "no such file or directory: missing"), alice.next());
        send(new Get(2, false, 0, Sha256.empty(), "dir"));
        assertEquals(Reason.NOT_A_FILE, alice.next(Failed.class).reason());
        send(new Get(3, false, 0, Sha256.empty(), "../etc/passwd"));
        assertEquals(new Failed(3, Reason.BAD_PATH, "../etc/passwd: '..' is not allowed in a path"), alice.next());
        assertTrue(alice.logged().contains("Files: alice get missing refused: no such file or directory: missing"));
    }

    @Test
    void lsMkdirAndRm() throws Exception {
        Files.writeString(root.resolve("b.txt"), "bb");
        Files.setLastModifiedTime(root.resolve("b.txt"), FileTime.from(Instant.parse("2026-01-02T03:04:05Z")));
        send(new MakeDirectory(1, false, "a"));
        assertEquals(new Ok(1), alice.next());
        send(new MakeDirectory(2, false, "a"));
        assertEquals(new Failed(2, Reason.EXISTS, "a exists on the server"), alice.next());
        send(new MakeDirectory(3, true, "a"));
        assertEquals(new Ok(3), alice.next());
        Files.writeString(root.resolve("a/inner"), "x");

        send(new ListFiles(4, ""));
        Entries entries = alice.next(Entries.class);
        assertEquals(List.of("a", "b.txt"), entries.entries().stream().map(Entry::name).toList());
        assertEquals(new Entry(Entry.Kind.FILE, 2, Instant.parse("2026-01-02T03:04:05Z").getEpochSecond(), "b.txt"),
                entries.entries().get(1));
        assertEquals(Entry.Kind.DIRECTORY, entries.entries().get(0).kind());

        send(new Remove(5, "a"));
        assertEquals(new Failed(5, Reason.NOT_EMPTY, "a is a directory that is not empty"), alice.next());
        send(new Remove(6, "a/inner"));
        assertEquals(new Ok(6), alice.next());
        send(new Remove(7, "a"));
        assertEquals(new Ok(7), alice.next());
        send(new Remove(8, "a"));
        assertEquals(new Failed(8, Reason.NOT_FOUND, "no such file or directory: a"), alice.next());
        assertEquals(List.of("b.txt"), namesIn(root));
    }

    @Test
    void oneFailingTransferLeavesTheOthersOfTheSessionAlone() throws Exception {
        byte[] good = random(100_000);
        send(new Put(1, false, false, good.length, "good"));
        alice.next(Ready.class);
        send(new Start(1, 0));
        send(new Data(1, Arrays.copyOf(good, 50_000)));
        send(new Put(2, false, false, 5, "bad"));
        alice.next(Ready.class);
        send(new Start(2, 0));
        send(new Data(2, "12345".getBytes()));
        send(new End(2, 5, new byte[32]));
        assertEquals(Reason.CHECKSUM_MISMATCH, alice.next(Failed.class).reason());
        send(new Data(1, Arrays.copyOfRange(good, 50_000, good.length)));
        send(new End(1, good.length, sha256(good)));
        assertEquals(new Ok(1), alice.next());
        assertEquals(List.of("good"), namesIn(root));
    }

    /**
     * END before START breaks the protocol and ends the session; the upload must still be one the
     * session's end interrupts, or its name stays taken ("being written by another transfer")
     * until the server restarts, and its partial file open.
     */
    @Test
    void anEndBeforeStartEndsTheSessionAndLeavesTheNameFree() throws Exception {
        ServedFolder served = folder(false, FilesProtocol.DEFAULT_MAX_FILE_SIZE);
        FakeSession broken = new FakeSession(FakeSession.user("alice"));
        SessionHandler first = served.open(broken);
        send(first, new Put(1, false, false, 5, "notes.txt"));
        broken.next(Ready.class);
        assertThrows(ServiceException.class, () -> send(first, new End(1, 0, sha256(new byte[0]))));
        first.onClose(); // as the core does when a service ends the session

        FakeSession again = new FakeSession(FakeSession.user("alice"));
        SessionHandler second = served.open(again);
        byte[] content = "hello".getBytes();
        send(second, new Put(1, false, false, content.length, "notes.txt"));
        FilesMessage answer = again.next();
        assertTrue(answer instanceof Ready, () -> "the name is still taken: " + answer);
        send(second, new Start(1, 0));
        send(second, new Data(1, content));
        send(second, new End(1, content.length, sha256(content)));
        assertEquals(new Ok(1), again.next());
        assertEquals("hello", Files.readString(root.resolve("notes.txt")));
    }

    @Test
    void messagesThatBreakTheProtocolEndTheSession() {
        assertThrows(ServiceException.class, () -> send(new Data(9, new byte[] {1})), "DATA for no upload");
        assertThrows(ServiceException.class, () -> send(new Ready(9, 0, new byte[32])), "a server's message");
        assertThrows(ServiceException.class, () -> handler.onMessage(new byte[] {0x01}), "truncated");
    }
}
