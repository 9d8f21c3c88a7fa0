package vpn.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File transfer as users run it: a key made by {@code vpn keygen}, a server with {@code --files}
 * and an authorized-keys file, and {@code vpn put}, {@code get}, {@code ls}, each a real process,
 * through pipes and shells where the user would use them.
 */
class FilesIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SHA256SUM = Path.of("/usr/bin/sha256sum");

    @TempDir
    Path temp;

    private Path served;
    private Path here;
    private Path authorizedKeys;

    @BeforeEach
    void keysAndFolders() throws Exception {
        served = Files.createDirectories(temp.resolve("served"));
        here = Files.createDirectories(temp.resolve("here"));
        try (VpnProcess keygen = Dist.launchFrom(Dist.HOME, Map.of("VPN_PASSPHRASE", ""), "keygen",
                "--file", temp.resolve("alice").toString(), "--comment", "alice")) {
            assertEquals(0, keygen.waitFor(WAIT), keygen.stderr().toString());
        }
        authorizedKeys = Files.copy(temp.resolve("alice.pub"), temp.resolve("authorized_keys"));
    }

    private Dist.Server server(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("--key-file", temp.resolve("server_ed25519").toString(),
                "--files", served.toString(), "--authorized-keys", authorizedKeys.toString()));
        args.addAll(List.of(extra));
        return Dist.server(args.toArray(String[]::new));
    }

    /** The client's options every command shares: the server, alice's key, a known-hosts file of the test's. */
    private List<String> client(int port) {
        return client(port, "alice");
    }

    private List<String> client(int port, String user) {
        return List.of("--host", "127.0.0.1", "--port", String.valueOf(port),
                "--identity", temp.resolve(user).toString(), "--known-hosts", temp.resolve(user + ".known_hosts").toString());
    }

    /** {@code vpn COMMAND CLIENT-OPTIONS ARGS}, run to its end. */
    private VpnProcess run(int port, String command, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(client(port));
        all.addAll(List.of(args));
        VpnProcess process = Dist.launch(all.toArray(String[]::new));
        process.waitFor(WAIT);
        return process;
    }

    /** A command line for bash, with the launcher and the client's options: {@code vpn put ... | ...}. */
    private String shell(int port, String command, String args) {
        return shell(port, "alice", command, args);
    }

    private String shell(int port, String user, String command, String args) {
        return Dist.LAUNCHER + " " + command + " " + String.join(" ", client(port, user)) + " " + args;
    }

    private VpnProcess bash(String script) throws IOException {
        return VpnProcess.start(List.of("bash", "-c", script), Map.of("VPN_JAVA_OPTS", "-Duser.home=" + Dist.freshHome()));
    }

    private Path randomFile(String name, int size) throws IOException {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(here.resolve(name), bytes);
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static int exit(VpnProcess process) throws InterruptedException {
        return process.waitFor(WAIT);
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFilePutAndGotBackHasTheSameChecksumOnBothSidesAndSha256sumAcceptsIt() throws Exception {
        Path file = randomFile("random.bin", 4 * 1024 * 1024 + 123);
        String hex = sha256(file);
        try (Dist.Server server = server()) {
            VpnProcess put = run(server.port(), "put", file.toString());
            assertEquals(0, exit(put), put.stderr().toString());
            assertEquals(List.of(hex + "  " + file), put.stdout(), "standard output holds the checksum line alone");
            assertTrue(put.stderr().stream().anyMatch(l -> l.startsWith("Pinned the key of 127.0.0.1:")),
                    "the handshake's lines go to standard error: " + put.stderr());
            server.process().awaitLine("^" + hex + "  random\\.bin$", WAIT);
            assertEquals(hex, sha256(served.resolve("random.bin")));

            Path back = here.resolve("back.bin");
            VpnProcess get = run(server.port(), "get", "--quiet", "random.bin", back.toString());
            assertEquals(0, exit(get), get.stderr().toString());
            assertEquals(List.of(hex + "  " + back), get.stdout());
            assertEquals(List.of(), get.stderr(), "--quiet: no connection lines, no progress");
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(back));
            assertEquals(List.of("back.bin", "random.bin"), names(here), "no partial file is left");

            if (Files.isExecutable(SHA256SUM)) {
                Files.writeString(temp.resolve("SHA256SUMS"), put.stdout().getFirst() + "\n" + get.stdout().getFirst() + "\n");
                Process check = new ProcessBuilder(SHA256SUM.toString(), "-c", temp.resolve("SHA256SUMS").toString())
                        .redirectErrorStream(true).start();
                String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(0, check.waitFor(), said);
                assertEquals(file + ": OK\n" + back + ": OK\n", said);
            } else {
                System.out.println("SKIPPED: sha256sum -c (no " + SHA256SUM + ")");
            }
        }
    }

    @Test
    void standardInputUpAndStandardOutputDownCarryTheBytesUntouched() throws Exception {
        Path file = randomFile("piped.bin", 3 * 1024 * 1024 + 7);
        String hex = sha256(file);
        try (Dist.Server server = server()) {
            VpnProcess put = bash("cat " + file + " | " + shell(server.port(), "put", "- piped.bin"));
            assertEquals(0, exit(put), put.stderr().toString());
            assertEquals(List.of(hex + "  -"), put.stdout());

            Path out = here.resolve("out.bin");
            VpnProcess get = bash(shell(server.port(), "get", "piped.bin - > " + out));
            assertEquals(0, exit(get), get.stderr().toString());
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(out), "the data alone on standard output");
            assertTrue(get.stderr().contains(hex + "  -"), "the checksum on standard error: " + get.stderr());

            VpnProcess noName = run(server.port(), "put", "-");
            assertEquals(2, exit(noName));
            VpnProcess resumeStdin = run(server.port(), "put", "--resume", "-", "x");
            assertEquals(2, exit(resumeStdin));
            assertEquals(List.of("error: vpn put: --resume cannot read standard input again; give a file"),
                    resumeStdin.stderr());
        }
    }

    @Test
    void refusalsExitFiveWithOneLineNamingTheReason() throws Exception {
        Path file = randomFile("notes.txt", 1000);
        Files.writeString(served.resolve("notes.txt"), "the server's own");
        Files.writeString(temp.resolve("secret"), "outside the folder");
        Files.createSymbolicLink(served.resolve("escape"), temp.resolve("secret"));
        try (Dist.Server server = server()) {
            VpnProcess exists = run(server.port(), "put", "--quiet", file.toString());
            assertEquals(5, exit(exists));
            assertEquals(List.of("error: notes.txt exists on the server (--force replaces it)"), exists.stderr());
            assertEquals("the server's own", Files.readString(served.resolve("notes.txt")));

            VpnProcess forced = run(server.port(), "put", "--quiet", "--force", file.toString());
            assertEquals(0, exit(forced), forced.stderr().toString());
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(served.resolve("notes.txt")));

            VpnProcess dotDot = run(server.port(), "get", "--quiet", "../secret", here.resolve("s").toString());
            assertEquals(5, exit(dotDot));
            assertEquals(List.of("error: ../secret: '..' is not allowed in a path"), dotDot.stderr());

            VpnProcess link = run(server.port(), "get", "--quiet", "escape", here.resolve("s").toString());
            assertEquals(5, exit(link));
            assertEquals(List.of("error: escape leads out of the served folder (a symbolic link)"), link.stderr());

            VpnProcess absolute = run(server.port(), "put", "--quiet", file.toString(), "/tmp/notes.txt");
            assertEquals(5, exit(absolute));
            assertEquals(List.of("error: /tmp/notes.txt: absolute paths are not allowed; paths are relative to the "
                    + "served folder"), absolute.stderr());
            assertFalse(Files.exists(here.resolve("s")));
        }
    }

    @Test
    void aReadOnlyServerRefusesWrites() throws Exception {
        Path file = randomFile("new.bin", 1000);
        Files.createDirectories(served.resolve("keep"));
        try (Dist.Server server = server("--files-read-only")) {
            for (VpnProcess write : List.of(run(server.port(), "put", "--quiet", file.toString()),
                    run(server.port(), "mkdir", "--quiet", "more"), run(server.port(), "rm", "--quiet", "keep"))) {
                assertEquals(5, exit(write));
                assertEquals(List.of("error: this server is read-only (it runs with --files-read-only)"), write.stderr());
            }
            assertEquals(List.of("keep"), names(served));
        }
    }

    @Test
    void lsListsSizeTimeAndNameAndMkdirRmAndTreesWork() throws Exception {
        Files.createDirectories(here.resolve("tree/sub"));
        Files.writeString(here.resolve("tree/a.txt"), "a");
        Files.writeString(here.resolve("tree/sub/b.txt"), "bb");
        Files.write(served.resolve("big.bin"), new byte[123_456]);
        Files.write(served.resolve(".half.bin.vpn-part"), new byte[10]);
        try (Dist.Server server = server()) {
            assertEquals(0, exit(run(server.port(), "mkdir", "--quiet", "docs")));
            VpnProcess tree = run(server.port(), "put", "--quiet", "-r", here.resolve("tree").toString(), "docs/");
            assertEquals(0, exit(tree), tree.stderr().toString());
            assertEquals(2, tree.stdout().size(), tree.stdout().toString());
            assertEquals("bb", Files.readString(served.resolve("docs/tree/sub/b.txt")));

            VpnProcess ls = run(server.port(), "ls", "--quiet");
            assertEquals(0, exit(ls), ls.stderr().toString());
            assertEquals(2, ls.stdout().size(), "no partial file listed: " + ls.stdout());
            assertTrue(ls.stdout().get(0).matches("123456  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC  big\\.bin"), ls.stdout().get(0));
            assertTrue(ls.stdout().get(1).matches("     0  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC  docs/"), ls.stdout().get(1));

            VpnProcess back = run(server.port(), "get", "--quiet", "-r", "docs/tree", here.resolve("copy").toString());
            assertEquals(0, exit(back), back.stderr().toString());
            assertEquals("bb", Files.readString(here.resolve("copy/sub/b.txt")));

            // An existing directory named without a slash is gone into, as with scp.
            VpnProcess into = run(server.port(), "put", "--quiet", here.resolve("tree/a.txt").toString(), "docs");
            assertEquals(0, exit(into), into.stderr().toString());
            assertEquals("a", Files.readString(served.resolve("docs/a.txt")));

            assertEquals(0, exit(run(server.port(), "rm", "--quiet", "docs/tree/a.txt")));
            VpnProcess notEmpty = run(server.port(), "rm", "--quiet", "docs/tree");
            assertEquals(5, exit(notEmpty));
            assertEquals(List.of("error: docs/tree is a directory that is not empty"), notEmpty.stderr());
            VpnProcess recursive = run(server.port(), "rm", "--quiet", "-r", "docs/tree");
            assertEquals(0, exit(recursive), recursive.stderr().toString());
            assertFalse(Files.exists(served.resolve("docs/tree")));
        }
    }

    @Test
    void filesWithoutAuthorizedKeysStopsTheServerWithExitTwo() throws Exception {
        try (VpnProcess server = Dist.launch("server", "--host", "127.0.0.1", "--port", "0",
                "--key-file", temp.resolve("server_ed25519").toString(), "--files", served.toString())) {
            assertEquals(2, server.waitFor(WAIT));
            assertTrue(server.stderr().contains("error: --files needs --authorized-keys: anonymous writes are not offered"),
                    server.stderr().toString());
        }
    }

    @Test
    void anInterruptedPutLeavesNothingUnderTheNameAndResumeFinishesIt() throws Exception {
        Path file = randomFile("big.bin", 16 * 1024 * 1024);
        try (Dist.Server server = server()) {
            // the upload stalls after 5 MB (its standard input waits), and the client is killed there
            VpnProcess stalled = bash("(head -c 5000000 " + file + "; sleep 120) | "
                    + shell(server.port(), "put", "--quiet - big.bin"));
            Path part = served.resolve(".big.bin.vpn-part");
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((!Files.exists(part) || Files.size(part) < 4_000_000) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            stalled.close(); // SIGKILL, no goodbye
            server.process().awaitLine("Files: alice put big\\.bin interrupted after \\d+ bytes; kept for --resume", WAIT);
            assertFalse(Files.exists(served.resolve("big.bin")), "never a truncated file under the final name");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(part)));

            VpnProcess ls = run(server.port(), "ls", "--quiet");
            assertEquals(List.of(), ls.stdout(), "a partial file is never listed");

            VpnProcess resumed = run(server.port(), "put", "--quiet", "--resume", file.toString(), "big.bin");
            assertEquals(0, exit(resumed), resumed.stderr().toString());
            assertEquals(List.of(sha256(file) + "  " + file), resumed.stdout());
            assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(served.resolve("big.bin")));
            assertEquals(List.of("big.bin"), names(served));
        }
    }

    @Test
    void aFullDiskOnTheServerIsAClearErrorAndKeepsNothing() throws Exception {
        Path file = randomFile("large.bin", 4 * 1024 * 1024);
        // ulimit -f: the server may write files of 1 MiB at most; a larger write fails with EFBIG
        String launch = "ulimit -f 1024; exec " + Dist.LAUNCHER + " server --host 127.0.0.1 --port 0 --key-file "
                + temp.resolve("server_ed25519") + " --files " + served + " --authorized-keys " + authorizedKeys;
        try (VpnProcess server = bash(launch)) {
            int port = server.awaitListeningPort();
            VpnProcess put = run(port, "put", "--quiet", file.toString());
            assertEquals(1, exit(put));
            assertEquals(List.of("error: cannot write large.bin on the server: File too large; nothing was kept"),
                    put.stderr());
            assertEquals(List.of(), names(served), "no partial file, nothing under the name");

            Path small = randomFile("small.bin", 1000);
            assertEquals(0, exit(run(port, "put", "--quiet", small.toString())), "the server goes on");
        }
    }

    @Test
    void aFullDiskOnTheClientIsAClearErrorAndKeepsNothing() throws Exception {
        Files.copy(randomFile("large.bin", 4 * 1024 * 1024), served.resolve("large.bin"));
        Files.delete(here.resolve("large.bin"));
        try (Dist.Server server = server()) {
            // ulimit -f: the client may write files of 1 MiB at most; a larger write fails with EFBIG
            VpnProcess get = bash("ulimit -f 1024; exec " + shell(server.port(), "get",
                    "--quiet large.bin " + here.resolve("large.bin")));
            assertEquals(1, exit(get));
            assertEquals(List.of("error: cannot write " + here.resolve("large.bin") + ": File too large; nothing was kept"),
                    get.stderr());
            assertEquals(List.of(), get.stdout(), "no checksum line");
            assertEquals(List.of(), names(here), "no partial file, nothing under the name");

            VpnProcess again = run(server.port(), "get", "--quiet", "large.bin", here.resolve("large.bin").toString());
            assertEquals(0, exit(again), "the server goes on: " + again.stderr());
            assertArrayEquals(Files.readAllBytes(served.resolve("large.bin")), Files.readAllBytes(here.resolve("large.bin")));
        }
    }

    /** A file of {@code size} random bytes, written a MiB at a time. */
    private Path largeRandomFile(String name, long size) throws IOException {
        Path file = here.resolve(name);
        java.util.SplittableRandom random = new java.util.SplittableRandom(size);
        byte[] chunk = new byte[1 << 20];
        try (var out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        return file;
    }

    @Test
    void aPutKilledHalfwayThroughALargeFileKeepsOnlyThePartAndNoSessionIsStuck() throws Exception {
        Path file = largeRandomFile("big.bin", 200L * 1024 * 1024);
        Path part = served.resolve(".big.bin.vpn-part");
        // One session at a time: a session of the killed client that were stuck would refuse the next.
        try (Dist.Server server = server("--max-sessions", "1");
                VpnProcess put = Dist.launch(concat("put", client(server.port()), "--quiet", file.toString()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while ((!Files.exists(part) || Files.size(part) < file.toFile().length() / 2) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            put.close(); // SIGKILL, halfway through
            long kept = Long.parseLong(server.process().awaitLine(
                    "^Files: alice put big\\.bin interrupted after (\\d+) bytes; kept for --resume$", WAIT).group(1));
            assertTrue(kept >= file.toFile().length() / 2 && kept < file.toFile().length(), "kept " + kept);
            assertEquals(List.of(".big.bin.vpn-part"), names(served), "nothing under the final name");
            assertEquals(kept, Files.size(part));

            VpnProcess ls = run(server.port(), "ls", "--quiet");
            assertEquals(0, exit(ls), "the killed client's session is not stuck: " + ls.stderr());
            assertEquals(List.of(), ls.stdout(), "a partial file is never listed");

            VpnProcess resumed = run(server.port(), "put", "--quiet", "--resume", file.toString(), "big.bin");
            assertEquals(0, exit(resumed), resumed.stderr().toString());
            assertEquals(1, resumed.stdout().size(), resumed.stdout().toString());
            assertTrue(resumed.stdout().getFirst().matches("[0-9a-f]{64}  " + java.util.regex.Pattern.quote(file.toString())),
                    resumed.stdout().toString());
            assertEquals(-1, Files.mismatch(file, served.resolve("big.bin")), "the whole file, byte for byte");
            assertEquals(List.of("big.bin"), names(served));
            assertTrue(server.process().stdout().stream().noneMatch(l -> l.startsWith("Refused")),
                    server.process().stdout().toString());
        }
    }

    private static String[] concat(String command, List<String> options, String... args) {
        List<String> all = new ArrayList<>(List.of(command));
        all.addAll(options);
        all.addAll(List.of(args));
        return all.toArray(String[]::new);
    }

    @Test
    void severalUsersTransferAtOnceBothWaysAndOneFailingTransferDisturbsNoOther() throws Exception {
        try (VpnProcess keygen = Dist.launchFrom(Dist.HOME, Map.of("VPN_PASSPHRASE", ""), "keygen",
                "--file", temp.resolve("bob").toString(), "--comment", "bob")) {
            assertEquals(0, keygen.waitFor(WAIT), keygen.stderr().toString());
        }
        Files.writeString(authorizedKeys, Files.readString(temp.resolve("alice.pub")) + Files.readString(temp.resolve("bob.pub")));
        Path up1 = randomFile("up1.bin", 3_000_000);
        Path up2 = randomFile("up2.bin", 3_000_001);
        Files.copy(randomFile("down1.bin", 3_000_002), served.resolve("down1.bin"));
        Files.copy(randomFile("down2.bin", 3_000_003), served.resolve("down2.bin"));
        Files.writeString(served.resolve("taken.bin"), "kept");
        try (Dist.Server server = server()) {
            List<VpnProcess> all = List.of(
                    bash(shell(server.port(), "put", "--quiet " + up1)),
                    bash(shell(server.port(), "get", "--quiet down1.bin " + here.resolve("d1.bin"))),
                    bash(shell(server.port(), "put", "--quiet " + up1 + " taken.bin")), // refused: exists
                    bash(shell(server.port(), "bob", "put", "--quiet " + up2)),
                    bash(shell(server.port(), "bob", "get", "--quiet down2.bin " + here.resolve("d2.bin"))));
            List<Integer> codes = new ArrayList<>();
            for (VpnProcess p : all) {
                codes.add(exit(p));
            }
            assertEquals(List.of(0, 0, 5, 0, 0), codes, all.stream().map(VpnProcess::stderr).toList().toString());
            assertArrayEquals(Files.readAllBytes(up1), Files.readAllBytes(served.resolve("up1.bin")));
            assertArrayEquals(Files.readAllBytes(up2), Files.readAllBytes(served.resolve("up2.bin")));
            assertArrayEquals(Files.readAllBytes(served.resolve("down1.bin")), Files.readAllBytes(here.resolve("d1.bin")));
            assertArrayEquals(Files.readAllBytes(served.resolve("down2.bin")), Files.readAllBytes(here.resolve("d2.bin")));
            assertEquals("kept", Files.readString(served.resolve("taken.bin")));
            server.process().awaitLine("Files: bob put up2\\.bin \\(3000001 bytes\\)", WAIT);
        }
    }

    /** util-linux's script runs a command on a pseudo-terminal: as a person at a terminal would run it. */
    private static final Path SCRIPT = Path.of("/usr/bin/script");

    @Test
    void theProgressBarIsDrawnOnATerminalAndNeverIntoPipes() throws Exception {
        Path file = randomFile("bar.bin", 8 * 1024 * 1024);
        try (Dist.Server server = server()) {
            VpnProcess piped = run(server.port(), "put", file.toString());
            assertEquals(0, exit(piped), piped.stderr().toString());
            assertTrue(piped.stderr().stream().noneMatch(l -> l.contains("%")), "no bar into a pipe: " + piped.stderr());

            if (!Files.isExecutable(SCRIPT)) {
                System.out.println("SKIPPED: the progress bar on a terminal (no " + SCRIPT + ")");
                return;
            }
            VpnProcess onTerminal = VpnProcess.start(List.of(SCRIPT.toString(), "-qec",
                    shell(server.port(), "get", "bar.bin " + here.resolve("got.bin")), "/dev/null"),
                    Map.of("VPN_JAVA_OPTS", "-Duser.home=" + Dist.freshHome()));
            assertEquals(0, exit(onTerminal), onTerminal.stdout().toString());
            String screen = String.join("\n", onTerminal.stdout());
            assertTrue(screen.contains("bar.bin 100%") && screen.contains("8/8MiB"), screen);
            assertTrue(screen.contains(sha256(file) + "  " + here.resolve("got.bin")), screen);
        }
    }
}
