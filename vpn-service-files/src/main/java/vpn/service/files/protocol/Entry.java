package vpn.service.files.protocol;

import java.util.Objects;

/**
 * One entry of a listing: a file or a directory, its size in bytes (0 for a directory) and when it
 * was last modified, in seconds since the epoch (UTC).
 */
public record Entry(Kind kind, long size, long modifiedSeconds, String name) {

    public enum Kind {
        FILE(1), DIRECTORY(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        int code() {
            return code;
        }
    }

    public Entry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (size < 0) {
            throw new IllegalArgumentException("a size is not negative: " + size);
        }
    }

    /** The bytes this entry takes in an ENTRIES message. */
    int wireBytes() {
        return 1 + 8 + 8 + 2 + Utf8.length(name);
    }
}
