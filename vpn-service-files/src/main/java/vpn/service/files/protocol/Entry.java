package vpn.service.files.protocol;

import java.util.Objects;
import vpn.api.service.Printable;

/**
 * One entry of a listing: a file or a directory, its size in bytes (0 for a directory) and when it
 * was last modified, in seconds since the epoch (UTC), and its name, which is one name of a folder
 * ({@link #isOneName}).
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
        if (!isOneName(name)) {
            throw new IllegalArgumentException("not one name of a folder: \"" + Printable.of(name) + "\"");
        }
    }

    /**
     * Whether {@code name} is one name of a folder: not empty, not {@code .} or {@code ..}, without
     * {@code /} or NUL. A listing holds nothing else, and a client refuses one that does: a client
     * that copies a tree joins these names to its own folder, and a server that listed
     * {@code ../x} could otherwise have it write outside (as scp's client once let a server do,
     * CVE-2019-6111).
     */
    public static boolean isOneName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\0') < 0;
    }

    /** The bytes this entry takes in an ENTRIES message. */
    int wireBytes() {
        return 1 + 8 + 8 + 2 + Utf8.length(name);
    }
}
