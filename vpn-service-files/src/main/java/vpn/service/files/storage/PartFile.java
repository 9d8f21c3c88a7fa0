package vpn.service.files.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import vpn.service.files.protocol.FilesProtocol;

/**
 * A file being received, under a hidden name next to its target ({@code .NAME.vpn-part}), so
 * that the target's name only ever holds a whole, verified file: the data is written here,
 * forced to the disk, and renamed into place in one step ({@link #commit}). Created owner-only.
 * A transfer that is interrupted leaves it for {@code --resume}; one that fails deletes it.
 *
 * <p>Not thread-safe: one transfer owns it.
 */
public final class PartFile implements AutoCloseable {

    public static final String SUFFIX = ".vpn-part";

    /**
     * The longest name, in bytes of UTF-8, of a file received through a partial file:
     * {@code .NAME.vpn-part} must itself be a name of at most {@link FilesProtocol#MAX_NAME_BYTES}.
     */
    public static final int MAX_TARGET_NAME_BYTES = FilesProtocol.MAX_NAME_BYTES - 1 - SUFFIX.length();

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** A new file's mode under the usual umask (022); a replaced file's own mode is kept instead. */
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");
    /** Extended attribute naming who started a partial file (where the file system keeps them). */
    private static final String OWNER_ATTRIBUTE = "customvpn.owner";

    private final Path path;
    private final Path target;
    private final FileChannel channel;
    private final WriteBack writeBack;
    private boolean closed;

    private PartFile(Path path, Path target, FileChannel channel) {
        this.path = path;
        this.target = target;
        this.channel = channel;
        this.writeBack = new WriteBack(channel);
    }

    /** The hidden name of {@code name}'s partial file. */
    public static String partName(String name) {
        return "." + name + SUFFIX;
    }

    /** Whether {@code name} is a partial file's: such names are never listed, read or written by clients. */
    public static boolean isPartName(String name) {
        return name.startsWith(".") && name.endsWith(SUFFIX) && name.length() > 1 + SUFFIX.length();
    }

    /** Where the partial file of {@code target} is. */
    public static Path pathFor(Path target) {
        return target.resolveSibling(partName(target.getFileName().toString()));
    }

    /**
     * A new, empty partial file for {@code target}, owner-only, replacing a partial file left
     * before (and anything else under that hidden name, such as a planted link, which is removed
     * and never followed).
     */
    public static PartFile create(Path target) throws IOException {
        Path path = pathFor(target);
        Files.deleteIfExists(path);
        FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS), ownerOnly(path));
        return new PartFile(path, target, channel);
    }

    /**
     * The partial file an interrupted transfer to {@code target} left, opened to go on; empty if
     * there is none (or something other than a regular file under its name).
     */
    public static Optional<PartFile> reopen(Path target) throws IOException {
        Path path = pathFor(target);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS);
        return Optional.of(new PartFile(path, target, channel));
    }

    /** When the partial file of {@code target} was last written, if there is one. */
    public static Optional<FileTime> lastModified(Path target) throws IOException {
        Path path = pathFor(target);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .lastModifiedTime());
    }

    public Path path() {
        return path;
    }

    public Path target() {
        return target;
    }

    public long size() throws IOException {
        return channel.size();
    }

    /** Drops everything from {@code size} on, to start over there. */
    public void truncate(long size) throws IOException {
        channel.truncate(size);
        channel.position(size);
    }

    /** Continues writing at the end. */
    public void seekToEnd() throws IOException {
        channel.position(channel.size());
    }

    /** A digest of the first {@code length} bytes, ready to take in the rest. */
    public MessageDigest digestOfPrefix(long length) throws IOException {
        return Sha256.ofPrefix(channel, length);
    }

    /** Appends {@code bytes}; every few tens of MiB, the disk writes start in the background ({@link WriteBack}). */
    public void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }

    /** Appends {@code length} bytes of {@code bytes} from {@code offset}, as {@link #write(byte[])}. */
    public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        writeBack.written(length);
    }

    /** How many background write-backs this file has started (tests). */
    int writeBacks() {
        return writeBack.started();
    }

    /** Records who started this file, where the file system keeps extended attributes; false where it does not. */
    public boolean setOwner(String owner) {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view == null) {
                return false;
            }
            view.write(OWNER_ATTRIBUTE, StandardCharsets.UTF_8.encode(owner));
            return true;
        } catch (IOException | UnsupportedOperationException notSupported) {
            return false;
        }
    }

    /** Who started this file, if it was recorded. */
    public Optional<String> owner() {
        try {
            UserDefinedFileAttributeView view = Files.getFileAttributeView(path, UserDefinedFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS);
            if (view == null || !view.list().contains(OWNER_ATTRIBUTE)) {
                return Optional.empty();
            }
            ByteBuffer value = ByteBuffer.allocate(view.size(OWNER_ATTRIBUTE));
            view.read(OWNER_ATTRIBUTE, value);
            return Optional.of(StandardCharsets.UTF_8.decode(value.flip()).toString());
        } catch (IOException | UnsupportedOperationException notSupported) {
            return Optional.empty();
        }
    }

    /**
     * Makes the file the target: forced to the disk, then renamed into place in one step. Without
     * {@code replace}, an existing target (even one that appeared meanwhile) is kept and this
     * fails; with it, the target is replaced, a link at that name included (never followed).
     *
     * @throws FileAlreadyExistsException if the target exists and {@code replace} is false; this
     *     file is then still there, for the caller to discard
     */
    public void commit(boolean replace) throws IOException {
        Optional<Set<PosixFilePermission>> replacedMode = replace ? modeOf(target) : Optional.empty();
        setMode(replacedMode.orElse(NEW_FILE));
        channel.force(true);
        close();
        if (replace) {
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } else {
            moveWithoutReplacing();
        }
        forceDirectory(target.toAbsolutePath().getParent());
    }

    /**
     * rename(2) replaces silently, so without {@code replace} the file is hard-linked to the target
     * (link(2) fails if the name exists: no window in which another file could be lost) and its
     * hidden name removed. File systems without hard links get a check and a rename.
     */
    private void moveWithoutReplacing() throws IOException {
        try {
            Files.createLink(target, path);
            Files.delete(path);
        } catch (FileAlreadyExistsException exists) {
            throw exists;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Closes and deletes the file: the transfer failed. */
    public void discard() {
        close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // nothing more to do; expiry removes it later
        }
    }

    /** Closes the file and leaves it for a resume: the transfer was interrupted. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // the file is closed either way
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path path) {
        return posix(path) ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static Optional<Set<PosixFilePermission>> modeOf(Path file) {
        try {
            if (posix(file) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of(Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
            }
        } catch (IOException gone) {
            // a new file's mode, then
        }
        return Optional.empty();
    }

    private void setMode(Set<PosixFilePermission> mode) throws IOException {
        if (posix(path)) {
            Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setPermissions(mode);
        }
    }

    /** Forces the directory entry of the rename to the disk too; not every platform can open a directory. */
    private static void forceDirectory(Path directory) {
        if (directory == null) {
            return;
        }
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // the rename is atomic either way; only its durability across a crash is left to the OS
        }
    }
}
