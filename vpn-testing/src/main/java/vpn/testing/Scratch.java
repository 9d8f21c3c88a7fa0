package vpn.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * For the property tests, which JUnit's {@code @TempDir} does not serve: an owner-only folder
 * under the module's {@code target/} for one property class, a fresh file name in it for each
 * try, and the folder deleted when the class is done.
 */
public final class Scratch implements AutoCloseable {

    private final Path folder;
    private final AtomicInteger files = new AtomicInteger();

    private Scratch(Path folder) {
        this.folder = folder;
    }

    public static Scratch create(String prefix) {
        try {
            Path parent = Files.createDirectories(Path.of("target", "test-scratch").toAbsolutePath());
            return new Scratch(Files.createTempDirectory(parent, prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A name not used before in this folder: {@code NAME-N}, nothing there yet. */
    public Path newFile(String name) {
        return folder.resolve(name + "-" + files.incrementAndGet());
    }

    /** A new owner-only folder inside, for a test that needs a whole tree. */
    public Path newFolder(String name) {
        try {
            return Files.createDirectory(folder.resolve(name + "-" + files.incrementAndGet()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
