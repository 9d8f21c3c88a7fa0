package vpn.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A small tmpfs mounted for one test, to make "no space left on device" happen without filling a
 * real disk. Mounting needs root: {@link #mount} is empty elsewhere, and the test says it skips.
 * Closing unmounts it, lazily if a failed test left a file open on it, so that no mount stays
 * behind under the test's temporary folder.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path mountPoint;

    private SmallDisk(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code kibibytes} KiB on the existing, empty folder {@code mountPoint}. */
    public static Optional<SmallDisk> mount(Path mountPoint, int kibibytes) throws InterruptedException {
        return run("mount", "-t", "tmpfs", "-o", "size=" + kibibytes + "k", "tmpfs", mountPoint.toString())
                ? Optional.of(new SmallDisk(mountPoint))
                : Optional.empty();
    }

    @Override
    public void close() throws InterruptedException {
        if (!run("umount", mountPoint.toString())) {
            run("umount", "-l", mountPoint.toString());
        }
    }

    private static boolean run(String... command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
