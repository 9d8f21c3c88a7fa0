package vpn.testing;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * PROXY protocol v2 headers as a load balancer sends them (HAProxy's doc/proxy-protocol.txt, 2.2),
 * written from the specification independently of the server's reader, for the tests of the reader,
 * the server and the real processes.
 */
public final class ProxyHeaders {

    /** The 12-byte signature. */
    public static final byte[] SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaders() {
    }

    /** A relayed TCP connection from {@code source} to {@code destination} (both IPv4 or both IPv6), then {@code tlvs}. */
    public static byte[] proxy(InetSocketAddress source, InetSocketAddress destination, byte[] tlvs) {
        boolean v4 = source.getAddress() instanceof Inet4Address;
        if (v4 != destination.getAddress() instanceof Inet4Address) {
            throw new IllegalArgumentException("one family for both addresses: " + source + ", " + destination);
        }
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        block.writeBytes(source.getAddress().getAddress());
        block.writeBytes(destination.getAddress().getAddress());
        writeU16(block, source.getPort());
        writeU16(block, destination.getPort());
        block.writeBytes(tlvs);
        return header(0x21, v4 ? 0x11 : 0x21, block.toByteArray());
    }

    /** A relayed TCP connection from {@code source} to {@code destination}, without TLVs. */
    public static byte[] proxy(InetSocketAddress source, InetSocketAddress destination) {
        return proxy(source, destination, new byte[0]);
    }

    /** The balancer's own connection, as HAProxy's health checks send it: LOCAL, UNSPEC, no addresses. */
    public static byte[] local() {
        return header(0x20, 0x00, new byte[0]);
    }

    /** One TLV: a type, a 16-bit length, the value. */
    public static byte[] tlv(int type, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        writeU16(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** Any header, valid or not: the signature, the two given bytes, the block's length, the block. */
    public static byte[] header(int versionAndCommand, int familyAndTransport, byte[] block) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(SIGNATURE);
        out.write(versionAndCommand);
        out.write(familyAndTransport);
        writeU16(out, block.length);
        out.writeBytes(block);
        return out.toByteArray();
    }

    private static void writeU16(ByteArrayOutputStream out, int value) {
        out.write(value >>> 8);
        out.write(value);
    }
}
