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
     */
    static final int KEY_SHARE_DIGIT_SLACK = 16;

    /** The longest message one record carries for a cipher of {@code blockSize}: room for its padding. */
    public static int maxMessage(int blockSize) {
        return MAX_RECORD_CIPHERTEXT / blockSize * blockSize - (blockSize - 1);
    }
}
