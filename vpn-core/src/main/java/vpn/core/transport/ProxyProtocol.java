package vpn.core.transport;

/**
 * Constants of the PROXY protocol, version 2 (HAProxy's doc/proxy-protocol.txt, section 2.2): the
 * binary header a TCP load balancer sends first on each connection to name the client it relays.
 * From the specification, then our own limits.
 */
public final class ProxyProtocol {

    private ProxyProtocol() {
    }

    // --- From the specification ---

    /** The 12 bytes every v2 header starts with: chosen to be invalid in HTTP, SSL and the v1 text form. */
    static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** Signature, version and command, family and transport, a 16-bit length: what precedes the addresses. */
    static final int FIXED_BYTES = 16;

    /** The high nibble of byte 13. */
    static final int VERSION = 2;

    /** The low nibble of byte 13: the balancer's own connection (a health check) or a relayed one. */
    static final int COMMAND_LOCAL = 0x0;
    static final int COMMAND_PROXY = 0x1;

    /** The high nibble of byte 14. */
    static final int FAMILY_UNSPEC = 0x0;
    static final int FAMILY_INET = 0x1;
    static final int FAMILY_INET6 = 0x2;
    static final int FAMILY_UNIX = 0x3;

    /** The low nibble of byte 14. */
    static final int TRANSPORT_UNSPEC = 0x0;
    static final int TRANSPORT_STREAM = 0x1;
    static final int TRANSPORT_DGRAM = 0x2;

    /** Source and destination address, source and destination port. */
    static final int INET_ADDRESS_BYTES = 4 + 4 + 2 + 2;
    static final int INET6_ADDRESS_BYTES = 16 + 16 + 2 + 2;
    /** Two 108-byte socket paths. */
    static final int UNIX_ADDRESS_BYTES = 108 + 108;

    /** How a version 1 header (text) begins: recognised only to say that we accept version 2. */
    static final String V1_PREFIX = "PROXY ";

    // --- Our own limits ---

    /**
     * The most bytes after the fixed part that we accept (addresses and TLVs): the specification
     * allows 65535, but our balancer sends 12 or 36 plus a few TLVs, and everything before the
     * handshake is read at an unauthenticated peer's pace, so the bound is small.
     */
    public static final int MAX_ADDRESS_BYTES = 512;
}
