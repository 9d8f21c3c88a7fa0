package vpn.service.files.server;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the server serves files, from {@code vpn server}'s options.
 *
 * @param root the served folder ({@code --files DIR})
 * @param readOnly {@code --files-read-only}: no uploads, no mkdir, no rm
 * @param maxFileSize {@code --max-file-size}: the largest file an upload may store, in bytes
 */
public record FilesSettings(Path root, boolean readOnly, long maxFileSize) {

    public FilesSettings {
        Objects.requireNonNull(root, "root");
        if (maxFileSize < 0) {
            throw new IllegalArgumentException("a size limit is not negative: " + maxFileSize);
        }
    }
}
