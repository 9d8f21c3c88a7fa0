package vpn.service.files.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Ack;
import vpn.service.files.protocol.FilesMessage.Cancel;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Failed;
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
import vpn.service.files.storage.Sha256;
import vpn.testing.Mutations;
import vpn.testing.QuietSession;
import vpn.testing.Scratch;

/**
 * A hostile or broken client against one session of the file service, over a real folder: uploads
 * and downloads whose messages come in the right order or in any other (END before START, DATA
 * after END, a second START, a wrong size, a CANCEL in between), ids that collide, messages only a
 * server sends, paths that lead out, and bytes that are no message. Whatever comes:
 * <ul>
 *   <li>the handler answers, or ends the session with a {@link ServiceException}, never another
 *       exception, on the session's thread or on the threads of its transfers;
 *   <li>everything it sends is a well-formed message;
 *   <li>nothing outside the served folder changes;
 *   <li>a file under a visible name holds what was there before or what some END vouched for
 *       (never a truncated or unchecked upload);
 *   <li>once the session has ended and its commits are done, no name is left taken: the next
 *       upload of any name is not refused as "being written by another transfer".
 * </ul>
 */
class HostileClientProperties {

    private static final Scratch SCRATCH = Scratch.create("hostile-client");
    private static final Duration SETTLE = Duration.ofSeconds(5);
    private static final List<byte[]> CONTENTS = List.of(new byte[0], bytes("hello"), bytes("hello, world"),
            bytes("x".repeat(3000)));
    private static final List<String> PATHS = List.of("a.txt", "b.txt", "keep.txt", "docs", "docs/a.txt",
            "docs/new.txt", "new/x.txt", "link-out", "link-out/secret", "../outside/secret", "/etc/passwd",
            ".keep.txt.vpn-part", "", "docs/..", "a\0b", "line\nbreak");

    @AfterContainer
    static void removeScratch() {
        SCRATCH.close();
    }

    /** One thing the client does: the messages it sends for it, in order. */
    record Step(String what, List<byte[]> messages) {
        @Override
        public String toString() {
            return what;
        }
    }

    @Provide
    Arbitrary<List<Step>> sessions() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, uploads()),
                Tuple.of(3, downloads()),
                Tuple.of(2, requests()),
                Tuple.of(1, messages().map(m -> step(m.toString(), m))),
                Tuple.of(1, Mutations.of(messages().map(FilesCodec::encode))
                        .map(b -> new Step("bytes " + HexFormat.of().formatHex(b), List.of(b)))))
                .list().ofMinSize(1).ofMaxSize(12);
    }

    /** What a client may send after a PUT, right or not, in any order. */
    enum UploadPiece { START, START_ELSEWHERE, DATA, END, END_WRONG, CANCEL }

    /**
     * A PUT of a name the server may take, then up to five of the upload's messages in any order:
     * the right sequence (START, DATA, END) among many wrong ones (END before START, DATA after
     * END, a second START, a wrong size, a CANCEL in between).
     */
    private static Arbitrary<Step> uploads() {
        return Combinators.combine(ids(), Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.of("a.txt", "b.txt", "keep.txt", "docs/new.txt", "docs/a.txt", "new/x.txt", "link-out/secret"),
                Arbitraries.of(CONTENTS), Arbitraries.of(UploadPiece.class).list().ofMaxSize(5))
                .as((id, force, resume, path, content, pieces) -> {
                    List<FilesMessage> messages = new ArrayList<>();
                    messages.add(new Put(id, force, resume, content.length, path));
                    for (UploadPiece piece : pieces) {
                        messages.add(switch (piece) {
                            case START -> new Start(id, 0);
                            case START_ELSEWHERE -> new Start(id, 5);
                            case DATA -> new Data(id, content);
                            case END -> new End(id, content.length, sha256(content));
                            case END_WRONG -> new End(id, content.length + 1, sha256(content));
                            case CANCEL -> new Cancel(id);
                        });
                    }
                    return step("put " + id + (force ? " --force" : "") + (resume ? " --resume " : " ") + show(path)
                            + " (" + content.length + " bytes) " + pieces, messages.toArray(FilesMessage[]::new));
                });
    }

    /** What a client may send after a GET. */
    enum DownloadPiece { ACK, OK, FAILED, CANCEL }

    /** A GET of a name that may be there, then up to three of the download's messages in any order. */
    private static Arbitrary<Step> downloads() {
        return Combinators.combine(ids(), Arbitraries.of(true, false),
                Arbitraries.of("a.txt", "keep.txt", "docs/a.txt", "docs", "missing", "link-out/secret"),
                Arbitraries.of(DownloadPiece.class).list().ofMaxSize(3))
                .as((id, resume, path, pieces) -> {
                    List<FilesMessage> messages = new ArrayList<>();
                    messages.add(new Get(id, resume, resume ? 1 : 0, sha256(bytes(resume ? "k" : "")), path));
                    for (DownloadPiece piece : pieces) {
                        messages.add(switch (piece) {
                            case ACK -> new Ack(id, 1);
                            case OK -> new Ok(id);
                            case FAILED -> new Failed(id, Reason.CHECKSUM_MISMATCH, "no");
                            case CANCEL -> new Cancel(id);
                        });
                    }
                    return step("get " + id + (resume ? " --resume " : " ") + show(path) + " " + pieces,
                            messages.toArray(FilesMessage[]::new));
                });
    }

    /** ls, mkdir and rm of any of the names. */
    private static Arbitrary<Step> requests() {
        Arbitrary<String> path = Arbitraries.of(PATHS);
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                Combinators.combine(ids(), path).as(ListFiles::new),
                Combinators.combine(ids(), flag, path).as(MakeDirectory::new),
                Combinators.combine(ids(), flag, path).as(Remove::new))
                .map(m -> step(m.toString(), m));
    }

    private static Arbitrary<Integer> ids() {
        return Arbitraries.integers().between(0, 3);
    }

    private static Step step(String what, FilesMessage... messages) {
        return new Step(what, Stream.of(messages).map(FilesCodec::encode).toList());
    }

    /** Any single message of the protocol, either direction's, in or out of turn. */
    private static Arbitrary<FilesMessage> messages() {
        Arbitrary<Integer> id = ids();
        Arbitrary<String> path = Arbitraries.of(PATHS);
        Arbitrary<Long> size = Arbitraries.of(-1L, 0L, 5L, 12L, 3000L, 1L << 40);
        Arbitrary<Long> offset = Arbitraries.of(0L, 1L, 5L, 12L, -1L);
        Arbitrary<byte[]> content = Arbitraries.of(CONTENTS);
        Arbitrary<byte[]> digest = Arbitraries.oneOf(content.map(HostileClientProperties::sha256),
                Arbitraries.just(new byte[FilesProtocol.DIGEST_BYTES]));
        Arbitrary<Boolean> flag = Arbitraries.of(true, false);
        return Arbitraries.oneOf(
                Combinators.combine(id, flag, flag, size, path).as(Put::new),
                Combinators.combine(id, offset).as(Start::new),
                Combinators.combine(id, content).as(Data::new),
                Combinators.combine(id, size, digest).as(End::new),
                Combinators.combine(id, flag, offset, digest, path).as(Get::new),
                Combinators.combine(id, size).as(Ack::new),
                id.map(Cancel::new),
                id.map(Ok::new),
                id.map(i -> new Failed(i, Reason.CHECKSUM_MISMATCH, "no")),
                Combinators.combine(id, offset, digest).as(Ready::new));
    }

    @Property(tries = 500)
    void aHostileSessionEndsCleanlyAndLeavesTheFolderSound(@ForAll("sessions") List<Step> steps) throws Exception {
        Path tree = SCRATCH.newFolder("try");
        Path served = Files.createDirectory(tree.resolve("served"));
        Path outside = Files.createDirectory(tree.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not yours");
        Files.createDirectories(served.resolve("docs"));
        Files.writeString(served.resolve("docs/a.txt"), "a");
        Files.writeString(served.resolve("keep.txt"), "keep");
        Files.createSymbolicLink(served.resolve("link-out"), Path.of("../outside"));
        Map<String, String> outsideBefore = contents(outside);
        Set<String> vouched = ConcurrentHashMap.newKeySet();
        vouched.addAll(contents(served).values());

        ServedFolder folder = new ServedFolder(new FilesSettings(served, false, 1 << 20), Clock.systemUTC());
        Recorder session = new Recorder();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> uncaught.add(e));
        try {
            SessionHandler handler = folder.open(session);
            run(handler, steps, vouched);
            handler.onClose();
            awaitNoNameTaken(folder);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }

        assertEquals(List.of(), uncaught, "exceptions on the transfers' threads");
        assertEquals(List.of(), session.malformed, "messages the server sent that do not decode");
        assertEquals(outsideBefore, contents(outside), "outside the served folder");
        contents(served).forEach((name, digest) ->
                assertTrue(vouched.contains(digest), name + " holds what no END vouched for"));
        for (String name : List.of("a.txt", "b.txt", "keep.txt", "docs/a.txt", "docs/new.txt", "new/x.txt")) {
            noNameIsLeftTaken(folder, name);
        }
    }

    /** Sends the steps until the handler ends the session, which it may do only with a ServiceException. */
    private static void run(SessionHandler handler, List<Step> steps, Set<String> vouched) throws IOException {
        for (Step step : steps) {
            for (byte[] message : step.messages()) {
                vouch(message, vouched);
                byte[] lent = new byte[message.length + 7];
                System.arraycopy(message, 0, lent, 3, message.length);
                try {
                    handler.onMessage(lent, 3, message.length);
                } catch (ServiceException endsTheSession) {
                    return;
                } catch (IOException | RuntimeException e) {
                    throw new AssertionError("not a ServiceException from " + step + ": " + e, e);
                }
            }
        }
    }

    /** The digest an END carries is what the client vouches for: a file may take its name holding that. */
    private static void vouch(byte[] message, Set<String> vouched) {
        try {
            if (FilesCodec.decode(message) instanceof End end) {
                vouched.add(HexFormat.of().formatHex(end.digest()));
            }
        } catch (ServiceException notAMessage) {
            // the server refuses it; nothing to vouch for
        }
    }

    private static void awaitNoNameTaken(ServedFolder folder) throws InterruptedException {
        long deadline = System.nanoTime() + SETTLE.toNanos();
        while (folder.locks().heldUnder(folder.paths().root())) {
            if (System.nanoTime() > deadline) {
                fail("a name is still taken " + SETTLE.toSeconds() + " s after the session ended");
            }
            Thread.sleep(5);
        }
    }

    /**
     * A new session of the same user puts {@code name}: it may be refused for what the hostile one
     * left there (a folder of that name, no parent), but not as taken by another transfer.
     */
    private static void noNameIsLeftTaken(ServedFolder folder, String name) throws Exception {
        Recorder next = new Recorder();
        SessionHandler handler = folder.open(next);
        handler.onMessage(FilesCodec.encode(new Put(1, true, false, 2, name)));
        FilesMessage answer = next.sent.getFirst();
        assertTrue(!(answer instanceof Failed failed && failed.reason() == Reason.BUSY),
                () -> name + " is still taken after the hostile session: " + answer);
        handler.onClose();
    }

    /** Every regular file below {@code folder} that is not a partial file, with its SHA-256. */
    private static Map<String, String> contents(Path folder) throws IOException {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                String name = folder.relativize(path).toString();
                if (!path.getFileName().toString().endsWith(".vpn-part")) {
                    contents.put(name, HexFormat.of().formatHex(sha256(Files.readAllBytes(path))));
                }
            }
        }
        return contents;
    }

    /** A server session without a network that keeps what the service sends, and what did not decode. */
    private static final class Recorder extends QuietSession {
        final List<FilesMessage> sent = new CopyOnWriteArrayList<>();
        final List<String> malformed = new CopyOnWriteArrayList<>();

        Recorder() {
            super(new User("alice", "SHA256:alice", new byte[32]), FilesProtocol.MAX_MESSAGE_BYTES);
        }

        @Override
        public void send(byte[] message) {
            try {
                sent.add(FilesCodec.decode(message));
            } catch (ServiceException e) {
                malformed.add(e.getMessage());
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(byte[] content) {
        return Sha256.digest().digest(content);
    }

    private static String show(String path) {
        return "\"" + path.replace("\0", "\\0").replace("\n", "\\n") + "\"";
    }
}
