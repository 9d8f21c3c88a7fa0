package vpn.service.files.protocol;

import java.time.Duration;

/**
 * The file protocol's constants in two groups, as {@code SecureProtocol} keeps the core's: sizes
 * fixed by the primitives, and the limits this protocol chose. The wire format:
 * docs/files-protocol.md.
 */
public final class FilesProtocol {

    // ---- From the specifications ----

    /** A SHA-256 digest (FIPS 180-4). */
    public static final int DIGEST_BYTES = 32;

    // ---- Our own design ----

    /** The file service's protocol version ({@code Service.version()}). */
    public static final int VERSION = 1;
    /** Every message starts with its type (u8) and the request id (u32). */
    public static final int HEADER_BYTES = 1 + 4;
    /**
     * The longest message either side sends or accepts: secure mode's message limit, so that a
     * DATA message is one record.
     */
    public static final int MAX_MESSAGE_BYTES = 65_536;
    /** The most file bytes one DATA message carries. */
    public static final int MAX_CHUNK_BYTES = MAX_MESSAGE_BYTES - HEADER_BYTES;
    /** The longest remote path, in bytes of UTF-8 (Linux's PATH_MAX). */
    public static final int MAX_PATH_BYTES = 4096;
    /** The longest name of one path component, in bytes of UTF-8 (Linux's NAME_MAX). */
    public static final int MAX_NAME_BYTES = 255;
    /** The longest reason text in a FAILED answer, in bytes of UTF-8. */
    public static final int MAX_REASON_BYTES = 1024;

    // ---- Our own limits ----

    /** Transfers and requests one session may have open at once. */
    public static final int MAX_OPEN_REQUESTS = 8;
    /**
     * A downloading client acknowledges what it received at least this often, in bytes... (it also
     * keeps the session from the server's idle timeout while only the server sends)
     */
    public static final long ACK_EVERY_BYTES = 1 << 20;
    /** ...and in time. */
    public static final Duration ACK_EVERY = Duration.ofSeconds(5);
    /** What the server accepts unless {@code --max-file-size} says otherwise: 64 GiB. */
    public static final long DEFAULT_MAX_FILE_SIZE = 64L << 30;
    /** Partial files ({@code .NAME.vpn-part}) untouched for this long are deleted, and never resumed. */
    public static final Duration PARTIAL_LIFETIME = Duration.ofDays(7);
    /** How often the server looks for expired partial files (and once at start-up). */
    public static final Duration PARTIAL_SWEEP_EVERY = Duration.ofHours(24);

    private FilesProtocol() {
    }
}
