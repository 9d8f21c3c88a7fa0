package vpn.service.files.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.service.files.protocol.Reason;

/** Every path a client may send is resolved inside the served folder, or refused with its reason. */
class RemotePathsTest {

    @TempDir
    Path temp;

    private Path root;
    private Path outside;
    private RemotePaths paths;

    @BeforeEach
    void folder() throws Exception {
        root = Files.createDirectories(temp.resolve("served"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "not yours");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/a.txt"), "a");
        paths = new RemotePaths(root);
    }

    private Refusal refusedReading(String remote) {
        return assertThrows(Refusal.class, () -> paths.forReading(remote));
    }

    private Refusal refusedWriting(String remote) {
        return assertThrows(Refusal.class, () -> paths.forWriting(remote));
    }

    @Test
    void relativePathsResolveInsideTheFolder() throws Exception {
        assertEquals(root.toRealPath().resolve("docs/a.txt"), paths.forReading("docs/a.txt").path());
        assertEquals("docs/a.txt", paths.forReading("./docs//a.txt").display());
        assertEquals(root.toRealPath(), paths.forReading("").path());
        assertEquals(root.toRealPath().resolve("docs/new.txt"), paths.forWriting("docs/new.txt").path());
    }

    @Test
    void absolutePathsAreRefused() {
        Refusal refusal = refusedReading("/etc/passwd");
        assertEquals(Reason.BAD_PATH, refusal.reason());
        assertEquals("/etc/passwd: absolute paths are not allowed; paths are relative to the served folder",
                refusal.getMessage());
        assertEquals(Reason.BAD_PATH, refusedWriting("/tmp/x").reason());
    }

    @Test
    void dotDotIsRefusedWhereverItIs() {
        assertEquals("../outside/secret: '..' is not allowed in a path", refusedReading("../outside/secret").getMessage());
        assertEquals(Reason.BAD_PATH, refusedWriting("docs/../../x").reason());
        assertEquals(Reason.BAD_PATH, refusedWriting("docs/..").reason());
    }

    @Test
    void nulAndControlCharactersAreRefused() {
        assertEquals("a\\x00b: a path may not contain a NUL character", refusedWriting("a\0b").getMessage());
        assertEquals("a\\nb: a path may not contain control characters", refusedWriting("a\nb").getMessage());
        assertEquals(Reason.BAD_PATH, refusedReading("x\u001b[31m").reason());
        assertEquals(Reason.BAD_PATH, refusedReading("x\u0085").reason());
    }

    @Test
    void overlongNamesAndPartialFileNamesAreRefused() {
        assertTrue(refusedWriting("x".repeat(256)).getMessage().endsWith("a name is longer than 255 bytes"));
        assertTrue(refusedReading(".a.txt.vpn-part").getMessage().contains("reserved for partial transfers"));
        assertEquals(Reason.BAD_PATH, refusedWriting("docs/.b.vpn-part").reason());
    }

    @Test
    void aSymlinkPlantedInsidePointingOutIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("escape"), outside.resolve("secret"));
        Refusal reading = refusedReading("escape");
        assertEquals(Reason.BAD_PATH, reading.reason());
        assertEquals("escape leads out of the served folder (a symbolic link)", reading.getMessage());
        assertEquals(Reason.BAD_PATH, refusedWriting("escape").reason());
    }

    @Test
    void aSymlinkedParentDirectoryPointingOutIsRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("elsewhere"), outside);
        assertEquals("elsewhere/secret leads out of the served folder (a symbolic link)",
                refusedReading("elsewhere/secret").getMessage());
        assertEquals(Reason.BAD_PATH, refusedWriting("elsewhere/new").reason());
        assertEquals(Reason.BAD_PATH, refusedReading("elsewhere").reason());
    }

    @Test
    void aDanglingLinkPointingOutIsRefusedForWriting() throws Exception {
        Files.createSymbolicLink(root.resolve("trap"), outside.resolve("not-yet"));
        assertEquals(Reason.BAD_PATH, refusedWriting("trap").reason());
        assertEquals(Reason.NOT_FOUND, refusedReading("trap").reason());
    }

    @Test
    void linksThatStayInsideAreFollowed() throws Exception {
        Files.createSymbolicLink(root.resolve("latest"), root.resolve("docs"));
        assertEquals(root.toRealPath().resolve("docs/a.txt"), paths.forReading("latest/a.txt").path());
        assertEquals(root.toRealPath().resolve("docs/b.txt"), paths.forWriting("latest/b.txt").path());
    }

    @Test
    void missingDirectoriesAndFilesOnTheWayAreNamed() {
        assertEquals("no such directory: nope", refusedWriting("nope/x").getMessage());
        assertEquals(Reason.NOT_FOUND, refusedReading("docs/missing").reason());
        Refusal fileAsDirectory = refusedWriting("docs/a.txt/x");
        assertEquals(Reason.NOT_A_DIRECTORY, fileAsDirectory.reason());
        assertEquals("docs/a.txt is not a directory", fileAsDirectory.getMessage());
        assertEquals(Reason.BAD_PATH, refusedWriting("").reason());
    }

    @Test
    void aFifoIsNoFileToGet() throws Exception {
        Path fifo = root.resolve("pipe");
        assumeTrue(mkfifo(fifo), "SKIPPED: mkfifo is not available here");
        Refusal refusal = assertThrows(Refusal.class, () -> Download.checkReadable(paths.forReading("pipe")));
        assertEquals(Reason.NOT_A_FILE, refusal.reason());
        assertEquals("pipe is not a regular file (a device, FIFO or socket)", refusal.getMessage());
    }

    @Test
    void aDeviceIsNoFileToGet() throws Exception {
        Path device = root.resolve("null");
        assumeTrue(run("mknod", device.toString(), "c", "1", "3"), "SKIPPED: mknod needs root");
        assertEquals(Reason.NOT_A_FILE, assertThrows(Refusal.class,
                () -> Download.checkReadable(paths.forReading("null"))).reason());
    }

    @Test
    void aLinkToADeviceOutsideLeadsOut() throws Exception {
        Files.createSymbolicLink(root.resolve("zero"), Path.of("/dev/zero"));
        assertEquals(Reason.BAD_PATH, refusedReading("zero").reason());
    }

    static boolean mkfifo(Path path) throws InterruptedException {
        return run("mkfifo", path.toString());
    }

    /** Runs a command; false if it is not there or fails. */
    static boolean run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
