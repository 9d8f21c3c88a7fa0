package vpn.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * {@code @TempDir(factory = TargetTempDir.class)}: a temporary directory under the module's
 * {@code target/}, never the shared /tmp nor the home directory; JUnit deletes it after the test.
 */
public final class TargetTempDir implements TempDirFactory {

    @Override
    public Path createTempDirectory(AnnotatedElementContext element, ExtensionContext context) throws IOException {
        Path parent = Files.createDirectories(Path.of("target", "test-tmp").toAbsolutePath());
        return Files.createTempDirectory(parent, "junit");
    }
}
