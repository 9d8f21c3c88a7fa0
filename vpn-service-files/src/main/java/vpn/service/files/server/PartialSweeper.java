package vpn.service.files.server;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.storage.PartFile;

/**
 * Deletes partial files ({@code .NAME.vpn-part}) that no one has written for
 * {@link FilesProtocol#PARTIAL_LIFETIME}: an interrupted upload can be resumed for that long.
 * Walks the served folder without following links.
 */
final class PartialSweeper {

    private final Path root;
    private final WriteLocks locks;
    private final Clock clock;

    PartialSweeper(Path root, WriteLocks locks, Clock clock) {
        this.root = root;
        this.locks = locks;
        this.clock = clock;
    }

    /** @return how many partial files were deleted */
    int sweep() {
        Instant cutoff = clock.instant().minus(FilesProtocol.PARTIAL_LIFETIME);
        int[] deleted = {0};
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && PartFile.isPartName(name)
                            && attributes.lastModifiedTime().toInstant().isBefore(cutoff)
                            && !locks.held(file.resolveSibling(name.substring(1, name.length() - PartFile.SUFFIX.length())))) {
                        try {
                            Files.deleteIfExists(file);
                            deleted[0]++;
                        } catch (IOException e) {
                            // left for the next sweep
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // the next sweep tries again
        }
        return deleted[0];
    }
}
