package vpn.core.secure;

/** Constants of secure mode: from our specification (docs/protocol-secure.md), then our limits. */
public final class SecureProtocol {

    private SecureProtocol() {
    }

    // --- From the specification ---

    /**
     * The proposal entry that asks for secure mode. A classic server ignores it as an unknown
     * cipher; its "key sizes" list the key exchanges the client offers, by {@link KeyExchange#id()}.
     */
    public static final String SIGNAL = "SecureModeV1";

    /** Frame types: the handshake messages, then the two kinds of protected record. */
    static final int SERVER_HELLO = 0x01;
    static final int CLIENT_KEY = 0x02;
    static final int SERVER_AUTH = 0x03;
    static final int CLOSE = 0x15;
    static final int DATA = 0x17;

    /** Frame header: one type byte and a 24-bit big-endian payload length. */
    static final int FRAME_HEADER = 4;

    /** Version byte in ServerHello. */
    static final int VERSION = 1;

    static final int TAG_LENGTH = 32;
    static final int MAC_KEY_LENGTH = 32;
    static final int TRAFFIC_SECRET_LENGTH = 32;

    /** Domain separation for the server's signature and for HKDF. */
    static final String SIGNATURE_CONTEXT = "CustomVPN secure mode v1 server signature";
    static final String LABEL_PREFIX = "customvpn v1 ";

    // --- Our own limits ---

    /** Largest handshake frame payload (a MODP-8192 share is 1,024 bytes). */
    static final int MAX_HANDSHAKE_PAYLOAD = 4096;

    /** Largest message a client sends in one record. */
    public static final int MAX_MESSAGE = 65536;

    /** Largest data in one record: room for a reply to the largest message ("Server says: " and more). */
    static final int MAX_RECORD_DATA = MAX_MESSAGE + 256;

    /** Largest record payload: the data, a random block, padding, the length byte and the tag. */
    static final int MAX_RECORD_PAYLOAD = MAX_RECORD_DATA + 64 + 64 + 1 + TAG_LENGTH;

    /**
     * Blocks encrypted under one key before the ratchet moves on: 2^(L/4) for L-bit blocks, as
     * RFC 4344 section 3.2 recommends (2^16 blocks = 512 KiB for DES and Blowfish, far below the
     * Sweet32 birthday bound; 2^32 blocks for AES), and never more than 2^32 blocks; 2^32 bytes
     * for byte-wise ciphers.
     */
    static long rekeyLimitBlocks(int blockSize) {
        // The clamp also keeps the shift below 64: Java shifts a long by the count mod 64, so
        // 1L << 64 (256-bit blocks) would be 1, a rekey after every record.
        int log2 = blockSize == 1 ? 32 : Math.min(32, blockSize * 8 / 4);
        return 1L << log2;
    }
}
