package vpn.service.files.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The file protocol's messages (docs/files-protocol.md). Every message carries the id of the
 * request it belongs to, chosen by the client: a request and everything that follows from it
 * (the answer, the data, the verdict) share the id, so that several can be under way in one
 * session. Digests are SHA-256, 32 bytes.
 */
public sealed interface FilesMessage {

    int id();

    // ---- Requests: client to server ----

    /** Store a file of {@code size} bytes (-1: unknown until END) under {@code path}. Answer: READY or FAILED. */
    record Put(int id, boolean force, boolean resume, long size, String path) implements FilesMessage {
        public Put {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Send the file at {@code path}. With {@code resume}, the client holds its first {@code offset}
     * bytes already, whose SHA-256 is {@code prefixDigest}. Answer: FILE then DATA and END, or FAILED.
     */
    record Get(int id, boolean resume, long offset, byte[] prefixDigest, String path) implements FilesMessage {
        public Get {
            Objects.requireNonNull(path, "path");
            prefixDigest = prefixDigest.clone();
        }
    }

    /** List the directory at {@code path} ("" is the served folder), or one file. Answer: ENTRIES, or FAILED. */
    record ListFiles(int id, String path) implements FilesMessage {
        public ListFiles {
            Objects.requireNonNull(path, "path");
        }
    }

    /** Make the directory {@code path}; with {@code existingIsFine}, one already there is not an error. Answer: OK or FAILED. */
    record MakeDirectory(int id, boolean existingIsFine, String path) implements FilesMessage {
        public MakeDirectory {
            Objects.requireNonNull(path, "path");
        }
    }

    /**
     * Remove the file, link or empty directory {@code path}; {@code tree}: a directory with
     * everything in it (REMOVE_TREE). Answer: OK or FAILED.
     */
    record Remove(int id, boolean tree, String path) implements FilesMessage {
        public Remove {
            Objects.requireNonNull(path, "path");
        }

        public Remove(int id, String path) {
            this(id, false, path);
        }
    }

    /** After READY: the client's data begins at {@code offset}, 0 or the offset READY offered. */
    record Start(int id, long offset) implements FilesMessage {
    }

    /** The receiver of a download acknowledges {@code received} bytes; keeps the session alive. */
    record Ack(int id, long received) implements FilesMessage {
    }

    /** The client gives up a transfer: the server stops sending (answer: FAILED or the END already sent) or discards the upload. */
    record Cancel(int id) implements FilesMessage {
    }

    // ---- Answers: server to client ----

    /**
     * PUT accepted: the server holds the first {@code offset} bytes of an interrupted upload, whose
     * SHA-256 is {@code prefixDigest} (0 and the empty input's digest when there is nothing to resume).
     */
    record Ready(int id, long offset, byte[] prefixDigest) implements FilesMessage {
        public Ready {
            prefixDigest = prefixDigest.clone();
        }
    }

    /** GET accepted: the file has {@code size} bytes (at the time of opening); DATA follows from {@code offset}. */
    record FileInfo(int id, long size, long offset, long modifiedSeconds) implements FilesMessage {
    }

    /** A part of a listing; {@code last} marks the final part. */
    record Entries(int id, boolean last, List<Entry> entries) implements FilesMessage {
        public Entries {
            entries = List.copyOf(entries);
        }
    }

    // ---- Both directions ----

    /**
     * The next bytes of the file, in order; at most {@link FilesProtocol#MAX_CHUNK_BYTES}: the
     * {@code length} bytes of {@code array} from {@code offset}. A received DATA is read where it
     * lies in its message, not copied out of it: a 64 KiB copy spared per chunk.
     */
    record Data(int id, byte[] array, int offset, int length) implements FilesMessage {
        public Data {
            Objects.checkFromIndexSize(offset, length, array.length);
        }

        /** The bytes of all of {@code bytes}. */
        public Data(int id, byte[] bytes) {
            this(id, bytes, 0, bytes.length);
        }

        /** This DATA with its bytes in an array of its own: for one read from a buffer that is reused. */
        public Data copy() {
            return new Data(id, Arrays.copyOfRange(array, offset, offset + length));
        }

        /** The bytes, in an array of their own unless they fill {@link #array()}. */
        public byte[] bytes() {
            return offset == 0 && length == array.length ? array : Arrays.copyOfRange(array, offset, offset + length);
        }
    }

    /** The sender's end of a file: {@code size} bytes in all, whose SHA-256 is {@code digest}. */
    record End(int id, long size, byte[] digest) implements FilesMessage {
        public End {
            digest = digest.clone();
        }
    }

    /** A request done: MKDIR or REMOVE, or the receiver's verdict that a file arrived intact (and, for PUT, is stored). */
    record Ok(int id) implements FilesMessage {
    }

    /** A request failed or was refused; {@code text} is one line for the user. */
    record Failed(int id, Reason reason, String text) implements FilesMessage {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(text, "text");
        }
    }
}
