package vpn.service.files.client;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Optional;
import vpn.service.files.storage.PartFile;
import vpn.service.files.storage.Sha256;

/**
 * Where {@code vpn get} writes: a local file, written through its hidden partial file and renamed
 * into place once verified; or standard output ({@code -}), which cannot be taken back.
 */
abstract sealed class LocalTarget implements AutoCloseable {

    private final String typed;

    private LocalTarget(String typed) {
        this.typed = typed;
    }

    /** The target as the user typed it (or as it follows from what was typed): its checksum line's name. */
    String typed() {
        return typed;
    }

    /** Bytes already here from an interrupted transfer, and their digest. */
    abstract long resumeOffset() throws IOException;

    abstract MessageDigest resumeDigest() throws IOException;

    /** The data will start at {@code offset}: 0 drops what was here. */
    abstract void startAt(long offset) throws IOException;

    /** Writes {@code length} bytes of {@code bytes} from {@code offset}. */
    abstract void write(byte[] bytes, int offset, int length) throws IOException;

    /** The file arrived whole: it takes its name. */
    abstract void commit(boolean force) throws IOException;

    /** The transfer failed: nothing is kept. */
    abstract void discard();

    /** Whether the data goes to standard output. */
    abstract boolean standardOutput();

    /** Closes what is open; a partial file stays for {@code --resume}. */
    @Override
    public abstract void close();

    /**
     * Prepares the file {@code typed}: it must not exist unless {@code force}, and its directory
     * must; with {@code resume}, a partial file left before is taken up.
     *
     * @throws TransferException if it exists (5), or cannot be written (1)
     */
    static LocalTarget file(String typed, boolean force, boolean resume) throws TransferException {
        Path path = Path.of(typed);
        if (Files.isDirectory(path)) {
            throw TransferException.refused(typed + " is a directory");
        }
        if (!force && Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw TransferException.refused(typed + " exists (--force replaces it)");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw TransferException.failed("no such directory: " + parent);
        }
        try {
            Optional<PartFile> left = resume ? PartFile.reopen(path) : Optional.empty();
            return new FileTarget(typed, left.isPresent() ? left.get() : PartFile.create(path));
        } catch (IOException e) {
            throw TransferException.failed("cannot write " + typed + ": " + e.getMessage());
        }
    }

    static LocalTarget standardOutput(OutputStream out) {
        return new StreamTarget(out);
    }

    private static final class FileTarget extends LocalTarget {
        private final PartFile part;

        FileTarget(String typed, PartFile part) {
            super(typed);
            this.part = part;
        }

        @Override
        long resumeOffset() throws IOException {
            return part.size();
        }

        @Override
        MessageDigest resumeDigest() throws IOException {
            return part.digestOfPrefix(part.size());
        }

        @Override
        void startAt(long offset) throws IOException {
            if (offset == 0) {
                part.truncate(0);
            } else {
                part.seekToEnd();
            }
        }

        @Override
        void write(byte[] bytes, int offset, int length) throws IOException {
            part.write(bytes, offset, length);
        }

        @Override
        void commit(boolean force) throws IOException {
            try {
                part.commit(force);
            } catch (FileAlreadyExistsException e) {
                part.discard();
                throw e;
            }
        }

        @Override
        void discard() {
            part.discard();
        }

        @Override
        boolean standardOutput() {
            return false;
        }

        @Override
        public void close() {
            part.close();
        }
    }

    private static final class StreamTarget extends LocalTarget {
        private final OutputStream out;

        StreamTarget(OutputStream out) {
            super("-");
            this.out = out;
        }

        @Override
        long resumeOffset() {
            return 0;
        }

        @Override
        MessageDigest resumeDigest() {
            return Sha256.digest();
        }

        @Override
        void startAt(long offset) {
        }

        @Override
        void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        void commit(boolean force) throws IOException {
            out.flush();
        }

        @Override
        void discard() {
            try {
                out.flush();
            } catch (IOException e) {
                // the reader is gone
            }
        }

        @Override
        boolean standardOutput() {
            return true;
        }

        @Override
        public void close() {
            discard();
        }
    }
}
