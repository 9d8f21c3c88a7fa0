package vpn.service.files.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a request failed: the code in a FAILED message. The client's exit code follows from it: the
 * server's refusals are 5 (refused by the server), a transfer that went wrong is 1 (a failure).
 */
public enum Reason {
    /** The target exists and {@code --force} was not given. */
    EXISTS(1, true),
    /** The server runs with {@code --files-read-only}. */
    READ_ONLY(2, true),
    /** The path is not allowed: absolute, {@code ..}, control characters, a link out of the folder. */
    BAD_PATH(3, true),
    /** Larger than the server's {@code --max-file-size}, or than the free space. */
    TOO_LARGE(4, true),
    /** Nothing of that name. */
    NOT_FOUND(5, true),
    /** Not a regular file where one is needed: a directory, a device, a FIFO. */
    NOT_A_FILE(6, true),
    /** Not a directory where one is needed. */
    NOT_A_DIRECTORY(7, true),
    /** Another transfer is writing that name. */
    BUSY(8, true),
    /** A directory to remove is not empty. */
    NOT_EMPTY(9, true),
    /** The session has {@link FilesProtocol#MAX_OPEN_REQUESTS} requests open already. */
    TOO_MANY_REQUESTS(10, true),
    /** Writing failed: the disk is full, a file-size limit, an I/O error. Nothing was kept. */
    WRITE_FAILED(11, false),
    /** Reading failed. */
    READ_FAILED(12, false),
    /** The receiver's SHA-256 differs from the sender's: the file was not stored. */
    CHECKSUM_MISMATCH(13, false),
    /** The client cancelled the transfer. */
    CANCELLED(14, false);

    private final int code;
    private final boolean refusal;

    Reason(int code, boolean refusal) {
        this.code = code;
        this.refusal = refusal;
    }

    public int code() {
        return code;
    }

    /** Whether the server refused the request (exit 5), rather than a transfer failing (exit 1). */
    public boolean refusal() {
        return refusal;
    }

    static Optional<Reason> of(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }
}
