package vpn.service.files.client;

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
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.service.files.client.FilesClient.Copy;
import vpn.service.files.client.FilesClient.CopyOptions;
import vpn.api.service.Printable;
import vpn.api.service.ServiceException;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage.Entries;
import vpn.service.files.protocol.FilesMessage.Get;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.server.FilesSettings;
import vpn.service.files.server.ServedFolder;
import vpn.service.files.storage.Sha256;
import vpn.service.files.testing.DataTerminal;
import vpn.service.files.testing.FakeSession;
import vpn.service.files.testing.Loopback;
import vpn.service.files.testing.RawEntries;
import vpn.service.files.testing.RawEntries.RawEntry;
import vpn.testing.SmallDisk;

/** The client's transfers against the real server half, over an in-memory session. */
@org.junit.jupiter.api.Timeout(60)
class FilesClientTest {

    private static final CopyOptions PLAIN = new CopyOptions(false, false, false);

    @TempDir
    Path temp;

    private Path root;
    private Path here;
    private ServedFolder folder;
    private Loopback loopback;

    @BeforeEach
    void serve() throws Exception {
        root = Files.createDirectories(temp.resolve("served"));
        here = Files.createDirectories(temp.resolve("here"));
        folder = new ServedFolder(new FilesSettings(root, false, FilesProtocol.DEFAULT_MAX_FILE_SIZE), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        if (loopback != null) {
            loopback.close();
        }
    }

    private FilesClient client(DataTerminal terminal) {
        loopback = new Loopback(folder, FakeSession.user("alice"));
        return new FilesClient(FilesConnection.over(loopback), new Output(terminal, true));
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private String local(String name) {
        return here.resolve(name).toString();
    }

    private static String line(byte[] content, String name) {
        return Sha256.hex(Sha256.digest().digest(content)) + "  " + name;
    }

    private static List<String> names(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFilePutAndGotBackIsTheSameAndBothSidesPrintItsChecksum() throws Exception {
        byte[] content = random(1_000_000);
        Files.write(here.resolve("a.bin"), content);
        DataTerminal terminal = new DataTerminal();
        FilesClient client = client(terminal);
        assertEquals(0, client.put(List.of(new Copy(local("a.bin"), "a.bin")), PLAIN));
        assertEquals(0, client.get(List.of(new Copy("a.bin", local("back.bin"))), PLAIN));
        assertArrayEquals(content, Files.readAllBytes(here.resolve("back.bin")));
        assertEquals(List.of(line(content, local("a.bin")), line(content, local("back.bin"))), terminal.lines());
        assertTrue(loopback.session().logged().contains(line(content, "a.bin")));
        assertEquals(List.of("a.bin", "back.bin"), names(here), "no partial file is left");
    }

    @Test
    void standardInputUpAndStandardOutputDownWithTheChecksumOnStandardError() throws Exception {
        byte[] content = random(200_000);
        DataTerminal terminal = new DataTerminal(content);
        FilesClient client = client(terminal);
        assertEquals(0, client.put(List.of(new Copy("-", "piped.bin")), PLAIN));
        assertEquals(0, client.get(List.of(new Copy("piped.bin", "-")), PLAIN));
        assertArrayEquals(content, terminal.data());
        assertEquals(List.of(line(content, "-")), terminal.lines());
        assertEquals(List.of(line(content, "-")), terminal.errors());
    }

    @Test
    void anExistingFileOnEitherSideIsKeptUnlessForced() throws Exception {
        Files.writeString(here.resolve("n.txt"), "mine");
        Files.writeString(root.resolve("n.txt"), "theirs");
        DataTerminal terminal = new DataTerminal();
        FilesClient client = client(terminal);
        assertEquals(5, client.put(List.of(new Copy(local("n.txt"), "n.txt")), PLAIN));
        assertEquals(5, client.get(List.of(new Copy("n.txt", local("n.txt"))), PLAIN));
        assertEquals(List.of("error: n.txt exists on the server (--force replaces it)",
                "error: " + local("n.txt") + " exists (--force replaces it)"), terminal.errors());
        assertEquals("mine", Files.readString(here.resolve("n.txt")));
        assertEquals(0, client.get(List.of(new Copy("n.txt", local("n.txt"))), new CopyOptions(true, false, false)));
        assertEquals("theirs", Files.readString(here.resolve("n.txt")));
    }

    @Test
    void aTamperedDownloadIsRefusedAndLeavesNothingUnderTheName() throws Exception {
        Files.write(root.resolve("t.bin"), random(100_000));
        DataTerminal terminal = new DataTerminal();
        FilesClient client = client(terminal);
        loopback.tamper(message -> {
            if (message[0] == 0x40 && message.length > 100) { // a DATA message
                byte[] flipped = message.clone();
                flipped[100] ^= 1;
                return flipped;
            }
            return message;
        });
        assertEquals(1, client.get(List.of(new Copy("t.bin", local("t.bin"))), PLAIN));
        assertEquals(List.of(), names(here));
        assertTrue(terminal.errors().getFirst().startsWith("error: the SHA-256 of " + local("t.bin")
                + " as received differs from the server's"), terminal.errors().toString());
        assertTrue(loopback.session().logged().stream().anyMatch(l -> l.startsWith("Files: the client reports: the SHA-256")));
    }

    @Test
    void anUploadTheServerStopsMidwayEndsAtOnceAndTheSessionGoesOn() throws Exception {
        folder = new ServedFolder(new FilesSettings(root, false, 100_000), Clock.systemUTC());
        DataTerminal terminal = new DataTerminal(random(3_000_000)); // standard input: size unknown
        FilesClient client = client(terminal);
        assertEquals(5, client.put(List.of(new Copy("-", "big")), PLAIN));
        assertEquals(List.of("error: big is larger than 97.7 KiB, the largest file this server takes"), terminal.errors());
        assertTrue(terminal.dataIn().available() > 2_000_000, "it stopped reading soon after the refusal");
        Files.writeString(here.resolve("small"), "ok");
        assertEquals(0, client.put(List.of(new Copy(local("small"), "small")), PLAIN));
        assertEquals(List.of("small"), names(root));
    }

    @Test
    void aFullLocalDiskIsAClearErrorAndLeavesNoPartialFile() throws Exception {
        Path tiny = Files.createDirectories(temp.resolve("tiny"));
        Optional<SmallDisk> disk = SmallDisk.mount(tiny, 256);
        assumeTrue(disk.isPresent(), "SKIPPED: cannot mount a small tmpfs here (needs root)");
        try (SmallDisk mounted = disk.get()) {
            Files.write(root.resolve("big"), random(1_000_000));
            DataTerminal terminal = new DataTerminal();
            FilesClient client = client(terminal);
            String target = tiny.resolve("big").toString();
            assertEquals(1, client.get(List.of(new Copy("big", target)), PLAIN));
            assertEquals(List.of("error: cannot write " + target + ": No space left on device; nothing was kept"),
                    terminal.errors());
            assertEquals(List.of(), names(tiny));
            assertEquals(0, client.list(""), "the session goes on");
        }
    }

    @Test
    void anInterruptedDownloadIsResumedFromItsPartialFile() throws Exception {
        byte[] content = random(500_000);
        Files.write(root.resolve("r.bin"), content);
        Path part = here.resolve(".r.bin.vpn-part");
        Files.write(part, Arrays.copyOf(content, 123_456));
        DataTerminal terminal = new DataTerminal();
        FilesClient client = client(terminal);
        assertEquals(0, client.get(List.of(new Copy("r.bin", local("r.bin"))), new CopyOptions(false, true, false)));
        assertArrayEquals(content, Files.readAllBytes(here.resolve("r.bin")));
        assertEquals(List.of(line(content, local("r.bin"))), terminal.lines());
        assertFalse(Files.exists(part));
    }

    @Test
    void aResumedUploadSendsOnlyTheRest() throws Exception {
        byte[] content = random(300_000);
        Files.write(here.resolve("u.bin"), content);
        // an interrupted upload of alice's: standard input stalls after 100,000 bytes, then the connection breaks
        java.util.concurrent.CountDownLatch broken = new java.util.concurrent.CountDownLatch(1);
        java.io.InputStream stalling = new java.io.SequenceInputStream(
                new java.io.ByteArrayInputStream(Arrays.copyOf(content, 100_000)), new java.io.InputStream() {
                    @Override
                    public int read() throws java.io.IOException {
                        try {
                            broken.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return -1;
                    }
                });
        FilesClient interrupted = client(new DataTerminal(stalling));
        Loopback firstSession = loopback;
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                interrupted.put(List.of(new Copy("-", "u.bin")), PLAIN);
            } catch (Exception expected) {
                // the connection breaks
            }
        });
        Path part = root.resolve(".u.bin.vpn-part");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(part) || Files.size(part) < FilesProtocol.MAX_CHUNK_BYTES) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        firstSession.breakConnection();
        broken.countDown();
        sender.join();
        assertFalse(Files.exists(root.resolve("u.bin")));

        DataTerminal terminal = new DataTerminal();
        FilesClient client = client(terminal);
        assertEquals(0, client.put(List.of(new Copy(local("u.bin"), "u.bin")), new CopyOptions(false, true, false)));
        assertArrayEquals(content, Files.readAllBytes(root.resolve("u.bin")));
        assertEquals(List.of(line(content, local("u.bin"))), terminal.lines());
    }

    @Test
    void listingsTreesDirectoriesAndRemoval() throws Exception {
        Files.createDirectories(here.resolve("tree/sub"));
        Files.writeString(here.resolve("tree/one.txt"), "1");
        Files.writeString(here.resolve("tree/sub/two.txt"), "22");
        DataTerminal terminal = new DataTerminal();
        FilesClient client = client(terminal);
        assertEquals(0, client.put(List.of(new Copy(local("tree"), "tree")), new CopyOptions(false, false, true)));
        assertEquals("22", Files.readString(root.resolve("tree/sub/two.txt")));
        Files.setLastModifiedTime(root.resolve("tree/one.txt"), FileTime.from(Instant.parse("2026-03-04T05:06:59Z")));
        assertEquals(0, client.get(List.of(new Copy("tree", local("copy"))), new CopyOptions(false, false, true)));
        assertEquals("22", Files.readString(here.resolve("copy/sub/two.txt")));

        assertEquals(0, client.makeDirectories(List.of("empty")));
        assertEquals(0, client.list("tree"));
        assertEquals(0, client.remove(List.of("empty", "tree/one.txt"), false));
        assertEquals(5, client.remove(List.of("tree"), false));
        List<String> lines = terminal.lines().stream().filter(l -> !l.matches("[0-9a-f]{64}  .*")).toList();
        assertEquals(List.of("1  2026-03-04 05:06 UTC  one.txt", lines.get(1)), lines);
        assertTrue(lines.get(1).matches("0  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC  sub/"), lines.get(1));
        assertEquals(List.of("error: tree is a directory that is not empty"), terminal.errors());
        assertEquals(List.of("tree"), names(root));
    }

    /**
     * A server that lists a name which is not one name of its folder ({@code ../escaped}, {@code ..},
     * {@code a/b}) and then serves a file for it could make {@code get -r} write outside the target,
     * as scp's client once let a server do (CVE-2019-6111). The client refuses such a listing as
     * malformed: nothing is written outside the target, and the error names the listing.
     */
    @Test
    void aServerThatListsANameLeadingOutCannotMakeARecursiveGetWriteOutside() throws Exception {
        Files.createDirectories(root.resolve("tree"));
        Files.writeString(root.resolve("tree/x.txt"), "planted");
        List<String> lies = List.of("../escaped", "..", ".", "", "a/b", "/escaped", "nul\0name");
        for (int i = 0; i < lies.size(); i++) {
            String lie = lies.get(i);
            DataTerminal terminal = new DataTerminal();
            FilesClient client = client(terminal);
            loopback.tamper(message -> renamingEntries(message, "x.txt", lie));
            loopback.tamperRequests(message -> redirectingGets(message, "tree/" + lie, "tree/x.txt"));
            Path target = here.resolve("copy-" + i);
            IOException ended = assertThrows(IOException.class, () -> client.get(
                    List.of(new Copy("tree", target.toString())), new CopyOptions(false, false, true)));
            assertEquals("the server sent a malformed file message: entry name \"" + Printable.of(lie)
                    + "\" is not one name of a folder", ended.getMessage());
            try (Stream<Path> written = Files.walk(temp)) {
                List<Path> outside = written.filter(Files::isRegularFile)
                        .filter(p -> !p.startsWith(root) && !p.startsWith(target)).toList();
                assertEquals(List.of(), outside, "written outside " + target + " for the name " + Printable.of(lie));
            }
            loopback.close();
        }
    }

    /** ENTRIES with {@code from} named {@code to}; any other message as it is. */
    private static byte[] renamingEntries(byte[] message, String from, String to) {
        try {
            if (FilesCodec.decode(message) instanceof Entries entries) {
                return RawEntries.encode(entries.id(), entries.last(), entries.entries().stream()
                        .map(RawEntry::of)
                        .map(e -> e.name().equals(from) ? new RawEntry(e.kind(), e.size(), e.modifiedSeconds(), to) : e)
                        .toList());
            }
            return message;
        } catch (ServiceException e) {
            throw new AssertionError(e);
        }
    }

    /** A GET of {@code from} turned into one of {@code to}; any other message as it is. */
    private static byte[] redirectingGets(byte[] message, String from, String to) {
        try {
            if (FilesCodec.decode(message) instanceof Get get && get.path().equals(from)) {
                return FilesCodec.encode(new Get(get.id(), get.resume(), get.offset(), get.prefixDigest(), to));
            }
            return message;
        } catch (ServiceException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRecursiveRemovalTakesTheTreeAndItsLinksButNeverWhatTheyLeadTo() throws Exception {
        Files.createDirectories(root.resolve("tree/sub/deeper"));
        Files.writeString(root.resolve("tree/sub/deeper/x.txt"), "x");
        Files.createDirectories(root.resolve("kept"));
        Files.writeString(root.resolve("kept/precious.txt"), "p");
        Files.createSymbolicLink(root.resolve("tree/sub/link"), root.resolve("kept"));
        DataTerminal terminal = new DataTerminal();
        FilesClient client = client(terminal);

        assertEquals(0, client.remove(List.of("tree"), true), terminal.errors().toString());
        assertFalse(Files.exists(root.resolve("tree"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("p", Files.readString(root.resolve("kept/precious.txt")), "the link's target is untouched");

        assertEquals(0, client.remove(List.of("kept/precious.txt"), true), "-r on a file removes the file");
        assertEquals(5, client.remove(List.of(""), true));
        assertEquals(5, client.remove(List.of("nothing-here"), true));
        assertEquals(List.of("error: a name is needed: the served folder itself cannot be written",
                "error: no such file or directory: nothing-here"),
                terminal.errors());
        assertEquals(List.of("kept"), names(root));
    }
}
