package vpn.core.secure;

import vpn.api.AeadCipher;

/**
 * Constants of secure mode: from our specification (docs/protocol-secure.md), then our limits.
 * The proposal's signal entry belongs to the negotiation ({@code SecureModeSignal}).
 */
public final class SecureProtocol {

    private SecureProtocol() {
    }

    // --- From the specification ---

    /** Frame types: the handshake messages, then the kinds of protected record. */
    static final int SERVER_HELLO = 0x01;
    static final int CLIENT_KEY = 0x02;
    static final int SERVER_AUTH = 0x03;
    static final int CLOSE = 0x15;
    static final int SERVICE = 0x16;
    static final int DATA = 0x17;
    static final int USER_AUTH = 0x18;

    /** Frame header: one type byte and a 24-bit big-endian payload length. */
    static final int FRAME_HEADER = 4;

    /** Version byte in ServerHello. */
    static final int VERSION = 2;

    static final int TAG_LENGTH = 32;
    static final int MAC_KEY_LENGTH = 32;
    static final int TRAFFIC_SECRET_LENGTH = 32;

    /** The first field of the handshake hash, and the start of the signed content. */
    static final String PROTOCOL_LABEL = "CustomVPN secure mode v2";
    /** Domain separation for the server's signature. */
    static final String SIGNATURE_CONTEXT = "CustomVPN secure mode v2 server signature";
    /** Domain separation for the user's signature: never valid as a server signature, nor the reverse. */
    static final String USER_SIGNATURE_CONTEXT = "CustomVPN secure mode v2 user signature";
    /** Prefix of every HKDF label. */
    static final String LABEL_PREFIX = "customvpn v2 ";

    /** A service request's name: 1 to 32 bytes. */
    static final int MAX_SERVICE_NAME = 32;

    /** Largest message (record data) either side sends or accepts in one record. */
    public static final int MAX_MESSAGE = 65536;

    /** Service answer statuses. */
    static final int SERVICE_ACCEPTED = 0;
    static final int SERVICE_REFUSED = 1;
    /** The server asks the client to authenticate a user before it answers. */
    static final int SERVICE_AUTHENTICATE = 2;

    /** The refusal text for a user key the server does not accept. */
    public static final String NOT_AUTHORIZED = "not authorized";

    // --- Our own limits ---

    /** Largest handshake frame payload (a MODP-8192 share is 1,024 bytes). */
    static final int MAX_HANDSHAKE_PAYLOAD = 4096;

    /** Longest refusal text in a service answer. */
    static final int MAX_REFUSAL_TEXT = 512;

    /** Longest public key (SSH wire encoding) and signature in a UserAuth record. */
    static final int MAX_USER_KEY = 1024;
    static final int MAX_USER_SIGNATURE = 1024;

    /** Bytes of random first block in each record: one block, none for byte-wise ciphers. */
    static int randomPrefix(int blockSize) {
        return blockSize == 1 ? 0 : blockSize;
    }

    /**
     * The largest record payload of a cipher with {@code blockSize}: the random block, then
     * {@link #MAX_MESSAGE} bytes of data and the pad-length byte padded up to whole blocks, then
     * the tag. AES: 16 + 65,552 + 32 = 65,600 bytes; 64-bit blocks: 8 + 65,544 + 32 = 65,584;
     * byte-wise: 65,537 + 32 = 65,569.
     */
    static int maxRecordPayload(int blockSize) {
        return maxRecordPayload(blockSize, false);
    }

    /** As {@link #maxRecordPayload(int)}; for an authenticated cipher, the data and its 16-byte tag. */
    static int maxRecordPayload(int blockSize, boolean aead) {
        if (aead) {
            return MAX_MESSAGE + AeadCipher.TAG_LENGTH;
        }
        int padded = (MAX_MESSAGE + 1 + blockSize - 1) / blockSize * blockSize;
        return randomPrefix(blockSize) + padded + TAG_LENGTH;
    }

    /**
     * Blocks encrypted under one key before the ratchet moves on: 2^(L/4) for L-bit blocks, as
     * RFC 4344 section 3.2 recommends (2^16 blocks = 512 KiB for DES and Blowfish, far below the
     * Sweet32 birthday bound; 2^32 blocks for AES), and never more than 2^32 blocks; 2^32 bytes
     * for byte-wise ciphers.
     */
    /** Blocks of an authenticated cipher's epoch: see {@link AeadProtection#rekeyLimit()}. */
    static final long AEAD_REKEY_LIMIT_BLOCKS = 1L << 30;

    static long rekeyLimitBlocks(int blockSize) {
        // The clamp also keeps the shift below 64: Java shifts a long by the count mod 64, so
        // 1L << 64 (256-bit blocks) would be 1, a rekey after every record.
        int log2 = blockSize == 1 ? 32 : Math.min(32, blockSize * 8 / 4);
        return 1L << log2;
    }
}
