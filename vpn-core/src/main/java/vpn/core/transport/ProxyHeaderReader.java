package vpn.core.transport;

import static vpn.core.transport.ProxyProtocol.FIXED_BYTES;
import static vpn.core.transport.ProxyProtocol.SIGNATURE;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Reads the PROXY protocol v2 header that a load balancer sends before anything else, and exactly
 * its bytes: the fixed 16, then the length they state, so that the negotiation that follows reads
 * its own bytes untouched from the same transport. The whole header must arrive within one
 * timeout; anything else (no signature, the v1 text form, another version or command, an address
 * block longer than {@link ProxyProtocol#MAX_ADDRESS_BYTES} or too short for its family) is a
 * {@link ProtocolException} whose message says which, without the peer's bytes.
 */
public final class ProxyHeaderReader {

    private static final byte[] V1_PREFIX = ProxyProtocol.V1_PREFIX.getBytes(StandardCharsets.US_ASCII);
    private static final String WHAT = "PROXY protocol header";

    private ProxyHeaderReader() {
    }

    /**
     * @param timeout how long the whole header may take to arrive (the handshake's timeout)
     * @throws ProtocolException MALFORMED or OVERSIZE for a header we refuse, TIMEOUT if it is late,
     *     CLOSED if the peer closes before its end
     */
    public static ProxyHeader read(Transport transport, Duration timeout) throws ProtocolException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] fixed = new byte[FIXED_BYTES];
        int have = 0;
        while (have < FIXED_BYTES) {
            have += readSome(transport, fixed, have, FIXED_BYTES - have, deadline);
            // Refused at the first byte that cannot begin a v2 header: a client speaking to us
            // directly is told off at once, not after its 16th byte.
            checkSignature(fixed, have);
        }
        int version = (fixed[12] & 0xff) >>> 4;
        int command = fixed[12] & 0x0f;
        int family = (fixed[13] & 0xff) >>> 4;
        int protocol = fixed[13] & 0x0f;
        int length = (fixed[14] & 0xff) << 8 | (fixed[15] & 0xff);
        if (version != ProxyProtocol.VERSION) {
            throw malformed("PROXY protocol version " + version + ": only version 2 is accepted");
        }
        if (command != ProxyProtocol.COMMAND_LOCAL && command != ProxyProtocol.COMMAND_PROXY) {
            throw malformed("PROXY protocol v2 header with the unknown command " + command);
        }
        if (family > ProxyProtocol.FAMILY_UNIX || protocol > ProxyProtocol.TRANSPORT_DGRAM) {
            throw malformed("PROXY protocol v2 header with the unknown address family or transport 0x"
                    + Integer.toHexString(fixed[13] & 0xff));
        }
        if (length > ProxyProtocol.MAX_ADDRESS_BYTES) {
            throw new ProtocolException(Reason.OVERSIZE, "PROXY protocol v2 header with " + length
                    + " bytes of addresses, more than " + ProxyProtocol.MAX_ADDRESS_BYTES);
        }
        // LOCAL: the receiver discards the block, family included (the specification, 2.2).
        boolean relayed = command == ProxyProtocol.COMMAND_PROXY;
        if (relayed && length < addressBytes(family)) {
            throw malformed("PROXY protocol v2 header with " + length + " bytes of addresses, fewer than the "
                    + addressBytes(family) + " of its family");
        }
        byte[] block = new byte[length];
        for (int at = 0; at < length; ) {
            at += readSome(transport, block, at, length - at, deadline);
        }
        if (!relayed) {
            return new ProxyHeader(ProxyHeader.Command.LOCAL, Optional.empty());
        }
        // Only a TCP client's address replaces the socket's; UNSPEC, UNIX and UDP keep it (2.2).
        boolean tcp = protocol == ProxyProtocol.TRANSPORT_STREAM;
        Optional<InetSocketAddress> source = !tcp ? Optional.empty()
                : family == ProxyProtocol.FAMILY_INET ? Optional.of(address(block, 4, 8))
                : family == ProxyProtocol.FAMILY_INET6 ? Optional.of(address(block, 16, 32))
                : Optional.empty();
        return new ProxyHeader(ProxyHeader.Command.PROXY, source);
    }

    /** The source address and port: the address at 0, the port after both addresses. */
    private static InetSocketAddress address(byte[] block, int addressLength, int portAt) {
        try {
            InetAddress address = InetAddress.getByAddress(Arrays.copyOf(block, addressLength));
            return new InetSocketAddress(address, (block[portAt] & 0xff) << 8 | (block[portAt + 1] & 0xff));
        } catch (UnknownHostException e) {
            throw new AssertionError("4 or 16 bytes are always an address", e);
        }
    }

    private static int addressBytes(int family) {
        return switch (family) {
            case ProxyProtocol.FAMILY_INET -> ProxyProtocol.INET_ADDRESS_BYTES;
            case ProxyProtocol.FAMILY_INET6 -> ProxyProtocol.INET6_ADDRESS_BYTES;
            case ProxyProtocol.FAMILY_UNIX -> ProxyProtocol.UNIX_ADDRESS_BYTES;
            default -> 0;
        };
    }

    /** Refuses the bytes so far unless they can still begin a v2 header, or a v1 one that we can name. */
    private static void checkSignature(byte[] fixed, int have) throws ProtocolException {
        int v2 = Math.min(have, SIGNATURE.length);
        if (Arrays.equals(fixed, 0, v2, SIGNATURE, 0, v2)) {
            return;
        }
        int v1 = Math.min(have, V1_PREFIX.length);
        if (!Arrays.equals(fixed, 0, v1, V1_PREFIX, 0, v1)) {
            throw malformed("no PROXY protocol v2 header, which this server (--proxy-protocol) expects first");
        }
        if (have >= V1_PREFIX.length) {
            throw malformed("a PROXY protocol v1 header: only version 2 is accepted (HAProxy's send-proxy-v2)");
        }
    }

    /** Reads at least one byte before the deadline. */
    private static int readSome(Transport transport, byte[] buffer, int offset, int length, long deadline)
            throws ProtocolException, IOException {
        long nanos = deadline - System.nanoTime();
        if (nanos <= 0) {
            throw timeout();
        }
        int n;
        try {
            n = transport.read(buffer, offset, length, Duration.ofNanos(nanos));
        } catch (SocketTimeoutException e) {
            throw timeout();
        }
        if (n < 0) {
            throw new ProtocolException(Reason.CLOSED, "connection closed in the middle of the " + WHAT);
        }
        return n;
    }

    private static ProtocolException timeout() {
        return new ProtocolException(Reason.TIMEOUT, "timed out waiting for the " + WHAT);
    }

    private static ProtocolException malformed(String message) {
        return new ProtocolException(Reason.MALFORMED, message);
    }
}
