package vpn.core.keys;

import vpn.api.files.FileSafety;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A file's new content, written and synced under a temporary name in the same directory, then
 * moved into place in one step by {@link #commit()}: a crash leaves the old file or the new one,
 * never half of one. Closing without committing deletes the temporary file.
 */
final class PendingFile implements AutoCloseable {

    private final Path temporary;
    private final Path file;

    private PendingFile(Path temporary, Path file) {
        this.temporary = temporary;
        this.file = file;
    }

    /**
     * Writes {@code content} for {@code file}: owner-only (0600) if {@code secret}, else readable
     * by all (0644), as ssh-keygen leaves a private key and its public key.
     */
    static PendingFile write(Path file, byte[] content, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                FileSafety.ownerOnly(file, false));
        PendingFile pending = new PendingFile(temporary, file);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(content);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (!secret && FileSafety.posix(temporary)) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            return pending;
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e;
        }
    }

    /** Puts the new content in place, replacing the file if there is one. */
    void commit() throws IOException {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void close() throws IOException {
        Files.deleteIfExists(temporary);
    }
}
