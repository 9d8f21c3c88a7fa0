package vpn.service.files.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import vpn.service.files.storage.Sha256;

/**
 * What {@code vpn put} reads: a local file, or standard input ({@code -}), whose size is unknown
 * and which cannot be read twice (so cannot be resumed).
 */
abstract sealed class LocalSource implements AutoCloseable {

    private final String typed;

    private LocalSource(String typed) {
        this.typed = typed;
    }

    /** The source as the user typed it: the name of its checksum line. */
    String typed() {
        return typed;
    }

    /** Its size in bytes; -1 if unknown. */
    abstract long size();

    /** Whether its first bytes can be read again, to check a resume. */
    abstract boolean seekable();

    /** Reads up to {@code buffer}'s remaining bytes; -1 at the end. */
    abstract int read(ByteBuffer buffer) throws IOException;

    /** A digest of the first {@code length} bytes, the source then positioned after them (seekable sources only). */
    abstract MessageDigest skipHashing(long length) throws IOException;

    @Override
    public abstract void close() throws IOException;

    /**
     * @throws TransferException if the file is missing, a directory, or cannot be read
     */
    static LocalSource file(String typed) throws TransferException {
        Path path = Path.of(typed);
        if (Files.isDirectory(path)) {
            throw TransferException.failed(typed + " is a directory (-r copies a directory tree)");
        }
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            return new FileSource(typed, channel, channel.size());
        } catch (NoSuchFileException e) {
            throw TransferException.failed("no such file: " + typed);
        } catch (IOException e) {
            throw TransferException.failed("cannot read " + typed + ": " + e.getMessage());
        }
    }

    static LocalSource standardInput(InputStream in) {
        return new StreamSource(in);
    }

    private static final class FileSource extends LocalSource {
        private final FileChannel channel;
        private final long size;

        FileSource(String typed, FileChannel channel, long size) {
            super(typed);
            this.channel = channel;
            this.size = size;
        }

        @Override
        long size() {
            return size;
        }

        @Override
        boolean seekable() {
            return true;
        }

        @Override
        int read(ByteBuffer buffer) throws IOException {
            return channel.read(buffer);
        }

        @Override
        MessageDigest skipHashing(long length) throws IOException {
            MessageDigest digest = Sha256.ofPrefix(channel, length);
            channel.position(length);
            return digest;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static final class StreamSource extends LocalSource {
        private final InputStream in;

        StreamSource(InputStream in) {
            super("-");
            this.in = in;
        }

        @Override
        long size() {
            return -1;
        }

        @Override
        boolean seekable() {
            return false;
        }

        @Override
        int read(ByteBuffer buffer) throws IOException {
            int read = in.read(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            if (read > 0) {
                buffer.position(buffer.position() + read);
            }
            return read;
        }

        @Override
        MessageDigest skipHashing(long length) {
            throw new UnsupportedOperationException("standard input cannot be read twice");
        }

        @Override
        public void close() {
            // standard input belongs to the process
        }
    }
}
