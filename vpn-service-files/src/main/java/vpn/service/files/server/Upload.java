package vpn.service.files.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import vpn.api.service.ServiceException;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.Put;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.protocol.Reason;
import vpn.service.files.server.RemotePaths.Resolved;
import vpn.service.files.storage.PartFile;
import vpn.service.files.storage.Sha256;

/**
 * One file being received from a client: into its partial file, chunk by chunk (memory does not
 * grow with the file), hashed as it comes, and renamed into place only once the client's SHA-256
 * matched. A write that fails (a full disk, a file-size limit) deletes the partial file; a session
 * that ends in the middle leaves it for {@code --resume}.
 */
final class Upload {

    private final Resolved target;
    private final PartFile part;
    private final WriteLocks locks;
    private final long maxFileSize;
    private final boolean force;
    private final long resumable;
    /** The digest of what the partial file held at PUT, then of everything written. */
    private MessageDigest digest;
    private long received;
    private boolean started;
    /**
     * Whether this upload still holds its name in {@link #locks}: it gives it back once, however it
     * ends (a failed commit is followed by a discard), never a hold another transfer took since.
     */
    private boolean holdsName = true;

    private Upload(Resolved target, PartFile part, WriteLocks locks, long maxFileSize, boolean force, long resumable,
            MessageDigest digest) {
        this.target = target;
        this.part = part;
        this.locks = locks;
        this.maxFileSize = maxFileSize;
        this.force = force;
        this.resumable = resumable;
        this.digest = digest;
    }

    /**
     * Accepts a PUT: the target may be written, the file fits, no other transfer writes it. With
     * {@code resume}, the partial file the same user left is taken up.
     *
     * @param owner who asks, as the partial file records it
     * @throws Refusal EXISTS, NOT_A_FILE, TOO_LARGE, BUSY, WRITE_FAILED and the path's refusals
     */
    static Upload open(Put put, String owner, RemotePaths paths, WriteLocks locks, long maxFileSize, Clock clock)
            throws Refusal {
        Resolved target = paths.forWriting(put.path());
        String name = RemotePaths.quote(target.display());
        if (target.path().getFileName().toString().getBytes(StandardCharsets.UTF_8).length > PartFile.MAX_TARGET_NAME_BYTES) {
            throw new Refusal(Reason.BAD_PATH, name + ": the name of a file to put is at most "
                    + PartFile.MAX_TARGET_NAME_BYTES + " bytes (its partial file, .NAME" + PartFile.SUFFIX
                    + ", must fit in " + FilesProtocol.MAX_NAME_BYTES + ")");
        }
        if (put.size() > maxFileSize) {
            throw new Refusal(Reason.TOO_LARGE, name + " is " + Sizes.format(put.size())
                    + "; this server takes files up to " + Sizes.format(maxFileSize));
        }
        if (!locks.acquire(target.path())) {
            throw new Refusal(Reason.BUSY, name + " is being written by another transfer");
        }
        try {
            checkTarget(target, put.force());
            checkSpace(target, put.size());
            Optional<PartFile> left = PartFile.reopen(target.path());
            if (left.isPresent()) {
                PartFile previous = left.get();
                boolean mine = previous.owner().filter(owner::equals).isPresent();
                Instant expires = PartFile.lastModified(target.path()).orElse(FileTime.from(Instant.EPOCH))
                        .toInstant().plus(FilesProtocol.PARTIAL_LIFETIME);
                boolean expired = !expires.isAfter(clock.instant());
                if (put.resume() && mine && !expired) {
                    long size = previous.size();
                    return new Upload(target, previous, locks, maxFileSize, put.force(), size,
                            previous.digestOfPrefix(size));
                }
                previous.close();
                if (!mine && !expired && !put.force()) {
                    throw new Refusal(Reason.BUSY, name + " has an interrupted upload by another user, kept for "
                            + "--resume until " + DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                                    .withZone(ZoneOffset.UTC).format(expires) + " (--force replaces it)");
                }
            }
            PartFile part = PartFile.create(target.path());
            part.setOwner(owner);
            return new Upload(target, part, locks, maxFileSize, put.force(), 0, Sha256.digest());
        } catch (Refusal e) {
            locks.release(target.path());
            throw e;
        } catch (IOException e) {
            locks.release(target.path());
            throw new Refusal(Reason.WRITE_FAILED, "cannot write " + name + " on the server: " + e.getMessage());
        }
    }

    private static void checkTarget(Resolved target, boolean force) throws Refusal, IOException {
        if (!Files.exists(target.path(), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        BasicFileAttributes attributes = RemotePaths.attributes(target.path());
        String name = RemotePaths.quote(target.display());
        if (attributes.isDirectory()) {
            throw new Refusal(Reason.NOT_A_FILE, name + " is a directory on the server");
        }
        if (attributes.isOther()) {
            throw new Refusal(Reason.NOT_A_FILE, name + " is not a regular file (a device, FIFO or socket)");
        }
        if (!force) {
            throw new Refusal(Reason.EXISTS, name + " exists on the server (--force replaces it)");
        }
    }

    /** Refuses at once what cannot fit, rather than after filling the disk. */
    private static void checkSpace(Resolved target, long size) throws Refusal, IOException {
        if (size <= 0) {
            return;
        }
        long usable = Files.getFileStore(target.path().getParent()).getUsableSpace();
        if (size > usable) {
            throw new Refusal(Reason.TOO_LARGE, "not enough space on the server for "
                    + RemotePaths.quote(target.display()) + ": " + Sizes.format(size) + " needed, "
                    + Sizes.format(usable) + " free");
        }
    }

    /** The answer to the PUT: what the server holds already. */
    Ready ready(int id) {
        return new Ready(id, resumable, Sha256.peek(digest));
    }

    String display() {
        return target.display();
    }

    /**
     * The client's data starts at {@code offset}: 0 to start over, or where the partial file ends.
     *
     * @throws Refusal WRITE_FAILED
     */
    void start(long offset) throws Refusal, ServiceException {
        if (started) {
            throw new ServiceException("malformed file message: a second START for one upload");
        }
        if (offset != 0 && offset != resumable) {
            throw new ServiceException("malformed file message: START at " + offset
                    + ", but the server offered " + resumable);
        }
        started = true;
        try {
            if (offset == 0) {
                part.truncate(0);
                digest = Sha256.digest();
            } else {
                part.seekToEnd();
            }
            received = offset;
        } catch (IOException e) {
            throw writeFailed(e);
        }
    }

    /**
     * The next chunk.
     *
     * @throws Refusal TOO_LARGE past the server's limit, WRITE_FAILED: the partial file is deleted then
     */
    void write(Data data) throws Refusal, ServiceException {
        if (!started) {
            throw new ServiceException("malformed file message: DATA before START");
        }
        if (received + data.length() > maxFileSize) {
            part.discard();
            throw new Refusal(Reason.TOO_LARGE, RemotePaths.quote(target.display()) + " is larger than "
                    + Sizes.format(maxFileSize) + ", the largest file this server takes");
        }
        try {
            part.write(data.array(), data.offset(), data.length());
        } catch (IOException e) {
            throw writeFailed(e);
        }
        // Hashed here, on the session's thread: handing each chunk to a hashing thread cost more
        // CPU than it saved (docs/performance.md, "Files").
        digest.update(data.array(), data.offset(), data.length());
        received += data.length();
    }

    /**
     * The client's END: the file is stored if the sizes and digests agree.
     *
     * @return the digest, which matched
     * @throws Refusal CHECKSUM_MISMATCH, EXISTS (the name appeared meanwhile), WRITE_FAILED; the
     *     partial file is deleted then. Stored or not, the name is free again once this returns.
     */
    byte[] finish(long size, byte[] clientDigest) throws Refusal, ServiceException {
        requireStarted();
        try {
            byte[] ours = digest.digest();
            String name = RemotePaths.quote(target.display());
            if (size != received || !MessageDigest.isEqual(ours, clientDigest)) {
                part.discard();
                throw new Refusal(Reason.CHECKSUM_MISMATCH, "the SHA-256 of " + name + " as received differs from "
                        + "the sender's (" + received + " bytes received, " + size + " sent); nothing was stored");
            }
            try {
                part.commit(force);
                return ours;
            } catch (FileAlreadyExistsException e) {
                part.discard();
                throw new Refusal(Reason.EXISTS, name + " exists on the server (--force replaces it)");
            } catch (IOException e) {
                throw writeFailed(e);
            }
        } finally {
            releaseName();
        }
    }

    long received() {
        return received;
    }

    /** END is only valid after START: checked on the session's thread, before the commit is handed off. */
    void requireStarted() throws ServiceException {
        if (!started) {
            throw new ServiceException("malformed file message: END before START");
        }
    }

    /** The session ended in the middle: the partial file stays for {@code --resume}. */
    void interrupt() {
        part.close();
        releaseName();
    }

    /** The client cancelled, or a write failed: nothing is kept. */
    void discard() {
        part.discard();
        releaseName();
    }

    private void releaseName() {
        if (holdsName) {
            holdsName = false;
            locks.release(target.path());
        }
    }

    private Refusal writeFailed(IOException e) {
        part.discard();
        return new Refusal(Reason.WRITE_FAILED, "cannot write " + RemotePaths.quote(target.display())
                + " on the server: " + e.getMessage() + "; nothing was kept");
    }
}
