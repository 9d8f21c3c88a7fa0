package vpn.service.files.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import net.jqwik.api.constraints.IntRange;
import vpn.api.service.SessionHandler;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Put;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.FilesMessage.Start;
import vpn.service.files.storage.PartFile;
import vpn.service.files.storage.Sha256;
import vpn.service.files.testing.FakeSession;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import vpn.api.service.ServiceException;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.protocol.Reason;
import vpn.testing.Scratch;
import vpn.testing.Unicode;

/**
 * Every path a client may send ({@link RemotePaths}, docs/files-protocol.md "Paths") against a
 * served folder full of traps: links inside and out (to folders, to files, absolute, dangling,
 * looping, chained), a partial file, a file where a folder is expected. Whatever the path, made
 * of those names and of {@code ..}, {@code .}, empty steps, NUL, control characters, overlong and
 * arbitrary names: it resolves to a place inside the folder, or it is refused with a
 * {@link Refusal}, never another exception; and the refusal reaches the client in a FAILED
 * answer it can read.
 */
class RemotePathsProperties {

    private static final Scratch SCRATCH = Scratch.create("remote-paths");
    private static final Path OUTSIDE = SCRATCH.newFolder("outside");
    private static final Path SERVED = SCRATCH.newFolder("served");
    private static final RemotePaths PATHS = served();

    @AfterContainer
    static void removeScratch() {
        SCRATCH.close();
    }

    private static RemotePaths served() {
        try {
            Files.writeString(OUTSIDE.resolve("secret"), "not yours");
            Files.createDirectories(SERVED.resolve("docs/deeper"));
            Files.writeString(SERVED.resolve("docs/a.txt"), "a");
            Files.writeString(SERVED.resolve(".b.txt.vpn-part"), "half");
            link("link-in", "docs");
            link("file-link-in", "docs/a.txt");
            link("chain", "link-in");
            link("link-out", "../" + OUTSIDE.getFileName());
            link("file-link-out", "../" + OUTSIDE.getFileName() + "/secret");
            link("absolute-out", OUTSIDE.toString());
            link("dangling", "nothing-here");
            link("dangling-out", "../" + OUTSIDE.getFileName() + "/nothing-here");
            link("loop", "loop");
            link("docs/up-and-out", "../../" + OUTSIDE.getFileName());
            return new RemotePaths(SERVED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void link(String name, String target) throws IOException {
        Files.createSymbolicLink(SERVED.resolve(name), Path.of(target));
    }

    /** Names of the traps above, the steps that must be refused, and anything else. */
    @Provide
    Arbitrary<String> paths() {
        Arbitrary<String> name = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("docs", "a.txt", "deeper", "link-in", "file-link-in", "chain",
                        "link-out", "file-link-out", "absolute-out", "dangling", "dangling-out", "loop", "up-and-out",
                        "new.txt", ".b.txt.vpn-part", "secret")),
                Tuple.of(3, Arbitraries.of("..", ".", "", "a\0b", "line\nbreak", "esc\u001b[31m", "c1\u0085",
                        "sep\u2028", "del\u007f", "x".repeat(FilesProtocol.MAX_NAME_BYTES),
                        "x".repeat(FilesProtocol.MAX_NAME_BYTES + 1), "é".repeat(128), "\\", "~", "*")),
                Tuple.of(1, Unicode.strings(12)));
        return name.list().ofMinSize(1).ofMaxSize(5).flatMap(names -> Arbitraries.of("", "/")
                .map(start -> start + String.join("/", names)));
    }

    @Property(tries = 2000)
    void aPathToReadIsInsideTheFolderOrRefused(@ForAll("paths") String remote) throws IOException {
        try {
            RemotePaths.Resolved resolved = PATHS.forReading(remote);
            Path real = resolved.path();
            assertTrue(real.startsWith(PATHS.root()), real + " is outside");
            assertEquals(real, real.toRealPath(), "not a real path");
            assertTrue(Files.exists(real, LinkOption.NOFOLLOW_LINKS));
        } catch (Refusal refused) {
            assertRefusalReachesTheClient(refused);
        }
    }

    @Property(tries = 2000)
    void aPathToWriteIsInsideTheFolderOrRefused(@ForAll("paths") String remote) throws IOException {
        try {
            RemotePaths.Resolved resolved = PATHS.forWriting(remote);
            Path path = resolved.path();
            assertTrue(path.getParent().toRealPath().startsWith(PATHS.root()), path + " is in a folder outside");
            if (Files.isSymbolicLink(path)) {
                Path target = path.getParent().resolve(Files.readSymbolicLink(path)).normalize();
                assertTrue(target.startsWith(PATHS.root()) || target.toRealPath().startsWith(PATHS.root()),
                        path + " is a link leading out");
            }
        } catch (Refusal refused) {
            assertRefusalReachesTheClient(refused);
        }
    }

    /**
     * Any string at all, lone surrogates included: the wire's strict UTF-8 never carries those,
     * but a server whose file names are not UTF-8 (a C locale) cannot map most of Unicode either.
     */
    @Property(tries = 2000)
    void anyStringIsResolvedOrRefused(@ForAll("anyStrings") String remote) {
        for (boolean reading : new boolean[] {true, false}) {
            try {
                Path path = (reading ? PATHS.forReading(remote) : PATHS.forWriting(remote)).path();
                assertTrue(path.normalize().startsWith(PATHS.root()), path + " is outside");
            } catch (Refusal refused) {
                assertRefusalReachesTheClient(refused);
            }
        }
    }

    @Provide
    Arbitrary<String> anyStrings() {
        return Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(20);
    }

    /** Paths as long as a request carries (4,096 bytes), each with something to refuse. */
    @Provide
    Arbitrary<String> longPaths() {
        Arbitrary<String> name = Arbitraries.of("x".repeat(FilesProtocol.MAX_NAME_BYTES), "é".repeat(127), "missing",
                "docs", "..", "\u0001".repeat(10), "\u0001".repeat(255));
        return name.list().ofMinSize(1).ofMaxSize(40).map(names -> String.join("/", names))
                .map(path -> path.getBytes(StandardCharsets.UTF_8).length <= FilesProtocol.MAX_PATH_BYTES ? path
                        : new String(java.util.Arrays.copyOf(path.getBytes(StandardCharsets.UTF_8), FilesProtocol.MAX_PATH_BYTES),
                                StandardCharsets.UTF_8).replace("\uFFFD", ""));
    }

    @Property(tries = 300)
    void theRefusalOfAPathAsLongAsARequestCarriesReachesTheClient(@ForAll("longPaths") String remote) {
        for (boolean reading : new boolean[] {true, false}) {
            try {
                if (reading) {
                    PATHS.forReading(remote);
                } else {
                    PATHS.forWriting(remote);
                }
            } catch (Refusal refused) {
                assertRefusalReachesTheClient(refused);
            }
        }
    }

    /** What is wrong with the text itself is refused as a bad path before the folder is looked at. */
    @Property(tries = 2000)
    void badStepsAreRefusedWhereverTheyAre(@ForAll("paths") String remote) {
        List<String> steps = List.of(remote.split("/", -1));
        boolean bad = remote.startsWith("/") || steps.contains("..")
                || remote.codePoints().anyMatch(c -> c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029)
                || steps.stream().anyMatch(s -> s.getBytes(StandardCharsets.UTF_8).length > FilesProtocol.MAX_NAME_BYTES)
                || steps.contains(".b.txt.vpn-part");
        if (bad) {
            assertEquals(Reason.BAD_PATH, assertThrows(Refusal.class, () -> PATHS.forReading(remote)).reason());
            assertEquals(Reason.BAD_PATH, assertThrows(Refusal.class, () -> PATHS.forWriting(remote)).reason());
        }
    }

    /** Empty steps and {@code .} name nothing: {@code ./a//b} is {@code a/b}. */
    @Property(tries = 500)
    void emptyStepsAndDotsNameNothing(@ForAll("paths") String remote) {
        Assume.that(!remote.startsWith("/"));
        String padded = "./" + remote.replace("/", "/.//") + "/.";
        assertEquals(outcome(remote), outcome(padded));
    }

    private static String outcome(String remote) {
        try {
            return PATHS.forReading(remote).path().toString();
        } catch (Refusal refused) {
            return refused.reason().toString();
        }
    }

    /**
     * The name limit as a client meets it: a file is written first under its partial file's name,
     * {@code .NAME.vpn-part}, which must fit in 255 bytes too. So a file of a name of up to 245
     * bytes is stored, and a longer name is a bad path, never a failed write.
     */
    @Property(tries = 60)
    void aFileNamedWithinTheLimitIsStoredALongerNameIsABadPath(@ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll("aroundNameLimits") int bytes) throws Exception {
        int codePoint = new int[] {'x', 0xe9, 0x20ac, 0x1f600}[width - 1];
        String name = "x".repeat(bytes % width) + Character.toString(codePoint).repeat(bytes / width);
        Path folder = SCRATCH.newFolder("put");
        FakeSession session = new FakeSession(FakeSession.user("alice"));
        SessionHandler handler = new ServedFolder(new FilesSettings(folder, false, FilesProtocol.DEFAULT_MAX_FILE_SIZE),
                Clock.systemUTC()).open(session);
        byte[] content = "hello".getBytes(StandardCharsets.UTF_8);

        handler.onMessage(FilesCodec.encode(new Put(1, false, false, content.length, name)));
        if (bytes > PartFile.MAX_TARGET_NAME_BYTES) {
            assertEquals(Reason.BAD_PATH, session.next(Failed.class).reason());
            return;
        }
        FilesMessage ready = session.next();
        assertInstanceOf(Ready.class, ready, () -> "refused: " + ready);
        handler.onMessage(FilesCodec.encode(new Start(1, 0)));
        handler.onMessage(FilesCodec.encode(new Data(1, content)));
        handler.onMessage(FilesCodec.encode(new End(1, content.length, Sha256.digest().digest(content))));
        FilesMessage verdict = session.next();
        assertEquals(new Ok(1), verdict, () -> "not stored: " + verdict);
        assertEquals("hello", Files.readString(folder.resolve(name)));
    }

    @Provide
    Arbitrary<Integer> aroundNameLimits() {
        return Arbitraries.integers().between(PartFile.MAX_TARGET_NAME_BYTES - 2, FilesProtocol.MAX_NAME_BYTES + 1);
    }

    /** The refusal goes back as FAILED with its text, which names the path: the client must be able to read it. */
    private static void assertRefusalReachesTheClient(Refusal refused) {
        try {
            Failed failed = (Failed) FilesCodec.decode(FilesCodec.encode(new Failed(1, refused.reason(), refused.getMessage())));
            assertEquals(refused.reason(), failed.reason());
        } catch (ServiceException e) {
            throw new AssertionError("the client cannot read the refusal: " + e.getMessage(), e);
        }
    }
}
