package vpn.core.classic;

/**
 * Constants of the classic protocol: from the reference (docs/protocol-classic.md), then our own
 * limits. The reference's transcript lines, which both modes print, are in {@link vpn.core.Transcript}.
 */
public final class ClassicProtocol {

    private ClassicProtocol() {
    }

    // --- From the reference ---

    /**
     * The reference's one application, which every classic session gets: a classic client cannot
     * name a service.
     */
    public static final String SERVICE = "echo";

    /** The DH public value's message: this prefix and the value in decimal. */
    public static final String KEY_SHARE_PREFIX = "DHMKE:";

    /** A record's tag: HMAC-SHA256 as lowercase hex, after the ciphertext. */
    public static final int TAG_HEX_LENGTH = 64;

    // --- Our own limits ---

    /** Ciphertext bytes in one record (the tag comes on top). */
    public static final int MAX_RECORD_CIPHERTEXT = 65536;

    /**
     * An honest public value has fewer digits than p only by chance: fewer than this many below
     * p's count happens with probability about 10^-16. Shorter values may be a split message, so
     * the reader waits the settle time before taking them.
     *
     * <p>The price: a value whose first segment already holds this many digits is taken at once,
     * so one cut by TCP within its last 16 digits is taken short, and the session fails at its
     * first record (a fuzz test's seed met it). Segments of a path's MSS do not cut the 2,473-byte
     * message there (at 1,448 or 1,208 bytes, or twice that); waiting the settle time for every
     * value shorter than p's digits would delay nine classic handshakes in ten by 20 ms.
     */
    static final int KEY_SHARE_DIGIT_SLACK = 16;

    /** The longest message one record carries for a cipher of {@code blockSize}: room for its padding. */
    public static int maxMessage(int blockSize) {
        return MAX_RECORD_CIPHERTEXT / blockSize * blockSize - (blockSize - 1);
    }
}
