package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.testing.BytesTransport;
import vpn.testing.ProxyHeaders;

/** {@link ProxyHeaderReader}: the headers HAProxy sends, every refusal, and not one byte read past the header. */
class ProxyHeaderReaderTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** What the negotiation sends after the header: it must be left unread. */
    private static final byte[] NEXT = "ProposedCiphers:AES:[256]".getBytes(StandardCharsets.US_ASCII);
    private static final InetSocketAddress SOCKET = address("10.0.0.1", 40000);

    private static InetSocketAddress address(String ip, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(ip), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] part : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + part.length);
            System.arraycopy(part, 0, out, at, part.length);
        }
        return out;
    }

    /** Reads {@code header} followed by {@link #NEXT}, cut into {@code segment}-byte reads, and checks that NEXT is left. */
    private static ProxyHeader readLeavingTheRest(byte[] header, int segment) throws Exception {
        BytesTransport transport = new BytesTransport(concat(header, NEXT), segment, false);
        ProxyHeader read = ProxyHeaderReader.read(transport, TIMEOUT);
        assertEquals(header.length, transport.consumed(), "bytes read past the header");
        return read;
    }

    private static ProtocolException refused(byte[] bytes) {
        return assertThrows(ProtocolException.class,
                () -> ProxyHeaderReader.read(new BytesTransport(bytes, bytes.length + 1, false), TIMEOUT));
    }

    @ParameterizedTest(name = "segments of {0}")
    @ValueSource(ints = {1, 3, 16, 1000})
    void ipv4CarriesTheClientsAddressAndReadsExactlyTheHeader(int segment) throws Exception {
        byte[] header = ProxyHeaders.proxy(address("203.0.113.7", 51234), address("192.0.2.1", 4600));
        assertEquals(28, header.length);
        ProxyHeader read = readLeavingTheRest(header, segment);
        assertEquals(ProxyHeader.Command.PROXY, read.command());
        assertEquals(Optional.of(address("203.0.113.7", 51234)), read.source());
        assertEquals(address("203.0.113.7", 51234), read.client(SOCKET));
    }

    @ParameterizedTest(name = "segments of {0}")
    @ValueSource(ints = {1, 7, 1000})
    void ipv6CarriesTheClientsAddress(int segment) throws Exception {
        byte[] header = ProxyHeaders.proxy(address("2001:db8::7", 65535), address("2001:db8::1", 4600));
        assertEquals(52, header.length);
        ProxyHeader read = readLeavingTheRest(header, segment);
        assertEquals(Optional.of(address("2001:db8::7", 65535)), read.source());
    }

    @Test
    void tlvsAreSkipped() throws Exception {
        byte[] tlvs = concat(ProxyHeaders.tlv(0x01, "h2".getBytes(StandardCharsets.US_ASCII)),
                ProxyHeaders.tlv(0x04, new byte[0]), ProxyHeaders.tlv(0xE0, new byte[300]));
        byte[] header = ProxyHeaders.proxy(address("203.0.113.7", 1), address("192.0.2.1", 4600), tlvs);
        assertEquals(Optional.of(address("203.0.113.7", 1)), readLeavingTheRest(header, 5).source());
    }

    @Test
    void localIsTheBalancersOwnConnectionWithTheSocketsAddress() throws Exception {
        ProxyHeader read = readLeavingTheRest(ProxyHeaders.local(), 1000);
        assertEquals(ProxyHeader.Command.LOCAL, read.command());
        assertEquals(Optional.empty(), read.source());
        assertEquals(SOCKET, read.client(SOCKET));
    }

    @Test
    void localDiscardsWhateverBlockItHas() throws Exception {
        // The specification: for LOCAL the receiver discards the block, family included.
        byte[] header = ProxyHeaders.header(0x20, 0x11, new byte[3]);
        ProxyHeader read = readLeavingTheRest(header, 1000);
        assertEquals(new ProxyHeader(ProxyHeader.Command.LOCAL, Optional.empty()), read);
    }

    @Test
    void unspecUnixAndUdpKeepTheSocketsAddress() throws Exception {
        byte[] inet = ProxyHeaders.proxy(address("203.0.113.7", 1), address("192.0.2.1", 2));
        byte[] block = Arrays.copyOfRange(inet, 16, inet.length);
        for (int familyAndTransport : new int[] {0x00, 0x01, 0x31, 0x32, 0x10, 0x12, 0x22}) {
            byte[] body = (familyAndTransport >> 4) == 3 ? new byte[216]
                    : (familyAndTransport >> 4) == 2 ? new byte[36] : block;
            ProxyHeader read = readLeavingTheRest(ProxyHeaders.header(0x21, familyAndTransport, body), 1000);
            assertEquals(new ProxyHeader(ProxyHeader.Command.PROXY, Optional.empty()), read,
                    "family and transport 0x" + Integer.toHexString(familyAndTransport));
            assertEquals(SOCKET, read.client(SOCKET));
        }
    }

    @Test
    void noSignatureIsRefusedAtTheFirstWrongByte() {
        // A peer that speaks to us directly: refused on its first wrong byte, without waiting for 16.
        BytesTransport http = new BytesTransport("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII), 1, true);
        ProtocolException e = assertThrows(ProtocolException.class, () -> ProxyHeaderReader.read(http, TIMEOUT));
        assertEquals(Reason.MALFORMED, e.reason());
        assertEquals("no PROXY protocol v2 header, which this server (--proxy-protocol) expects first", e.getMessage());
        assertEquals(1, http.consumed());
        // Our own client's proposal: its P could begin a v1 header, its r cannot.
        BytesTransport client = new BytesTransport(NEXT, 1, true);
        e = assertThrows(ProtocolException.class, () -> ProxyHeaderReader.read(client, TIMEOUT));
        assertTrue(e.getMessage().startsWith("no PROXY protocol v2 header"), e.getMessage());
        assertEquals(2, client.consumed());

        byte[] damaged = ProxyHeaders.local();
        damaged[11] ^= 1;
        assertTrue(refused(damaged).getMessage().startsWith("no PROXY protocol v2 header"));
    }

    @Test
    void version1IsRefusedNamingVersion2() {
        byte[] v1 = "PROXY TCP4 203.0.113.7 192.0.2.1 51234 4600\r\n".getBytes(StandardCharsets.US_ASCII);
        ProtocolException e = refused(v1);
        assertEquals(Reason.MALFORMED, e.reason());
        assertEquals("a PROXY protocol v1 header: only version 2 is accepted (HAProxy's send-proxy-v2)", e.getMessage());
        // Even when it arrives a byte at a time.
        ProtocolException slow = assertThrows(ProtocolException.class,
                () -> ProxyHeaderReader.read(new BytesTransport(v1, 1, true), TIMEOUT));
        assertTrue(slow.getMessage().contains("v1"), slow.getMessage());
    }

    @Test
    void otherVersionsAreRefused() {
        for (int version : new int[] {0x0, 0x1, 0x3, 0xF}) {
            ProtocolException e = refused(ProxyHeaders.header(version << 4 | 1, 0x11, new byte[12]));
            assertEquals(Reason.MALFORMED, e.reason());
            assertEquals("PROXY protocol version " + version + ": only version 2 is accepted", e.getMessage());
        }
    }

    @Test
    void commandsOtherThanLocalAndProxyAreRefused() {
        for (int command = 2; command <= 0xF; command++) {
            ProtocolException e = refused(ProxyHeaders.header(0x20 | command, 0x11, new byte[12]));
            assertEquals(Reason.MALFORMED, e.reason());
            assertEquals("PROXY protocol v2 header with the unknown command " + command, e.getMessage());
        }
    }

    @Test
    void unknownFamiliesAndTransportsAreRefused() {
        for (int familyAndTransport : new int[] {0x41, 0xF1, 0x13, 0x1F}) {
            ProtocolException e = refused(ProxyHeaders.header(0x21, familyAndTransport, new byte[216]));
            assertEquals(Reason.MALFORMED, e.reason(), Integer.toHexString(familyAndTransport));
        }
    }

    @Test
    void anAddressBlockOverTheBoundIsRefusedBeforeItIsRead() throws Exception {
        byte[] header = ProxyHeaders.header(0x21, 0x11, new byte[ProxyProtocol.MAX_ADDRESS_BYTES + 1]);
        BytesTransport transport = new BytesTransport(header, 1000, false);
        ProtocolException e = assertThrows(ProtocolException.class, () -> ProxyHeaderReader.read(transport, TIMEOUT));
        assertEquals(Reason.OVERSIZE, e.reason());
        assertEquals("PROXY protocol v2 header with 513 bytes of addresses, more than 512", e.getMessage());
        assertEquals(16, transport.consumed());
        // The bound itself is accepted.
        byte[] atTheBound = ProxyHeaders.proxy(address("203.0.113.7", 1), address("192.0.2.1", 2),
                ProxyHeaders.tlv(0xE0, new byte[ProxyProtocol.MAX_ADDRESS_BYTES - 12 - 3]));
        assertEquals(16 + 512, atTheBound.length);
        assertEquals(Optional.of(address("203.0.113.7", 1)), readLeavingTheRest(atTheBound, 1000).source());
        byte[] largest = ProxyHeaders.header(0x21, 0x11, new byte[0xffff]);
        assertEquals(Reason.OVERSIZE, refused(largest).reason());
    }

    @Test
    void anAddressBlockTooShortForItsFamilyIsRefused() {
        for (int[] familyAndMinimum : new int[][] {{0x11, 12}, {0x21, 36}, {0x31, 216}, {0x12, 12}}) {
            byte[] header = ProxyHeaders.header(0x21, familyAndMinimum[0], new byte[familyAndMinimum[1] - 1]);
            ProtocolException e = refused(header);
            assertEquals(Reason.MALFORMED, e.reason());
            assertEquals("PROXY protocol v2 header with " + (familyAndMinimum[1] - 1)
                    + " bytes of addresses, fewer than the " + familyAndMinimum[1] + " of its family", e.getMessage());
        }
    }

    @Test
    void aTruncatedHeaderIsClosedOrTimedOut() {
        byte[] header = ProxyHeaders.proxy(address("203.0.113.7", 1), address("192.0.2.1", 2));
        for (int length : new int[] {0, 1, 12, 15, 16, 27}) {
            byte[] cut = Arrays.copyOf(header, length);
            ProtocolException closed = assertThrows(ProtocolException.class,
                    () -> ProxyHeaderReader.read(new BytesTransport(cut, 4, false), TIMEOUT));
            assertEquals(Reason.CLOSED, closed.reason(), "cut at " + length);
            assertEquals("connection closed in the middle of the PROXY protocol header", closed.getMessage());
            ProtocolException silent = assertThrows(ProtocolException.class,
                    () -> ProxyHeaderReader.read(new BytesTransport(cut, 4, true), TIMEOUT));
            assertEquals(Reason.TIMEOUT, silent.reason(), "cut at " + length);
            assertEquals("timed out waiting for the PROXY protocol header", silent.getMessage());
        }
    }

    @Test
    void theWholeHeaderHasOneDeadline() {
        // A peer that sends a byte just before each read times out would otherwise never be done.
        Transport trickle = new Transport() {
            private final byte[] header = ProxyHeaders.local();
            private int at;

            @Override
            public int read(byte[] buffer, int offset, int length, Duration timeout) throws java.io.IOException {
                if (at == header.length) {
                    return -1;
                }
                try {
                    Thread.sleep(30);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                buffer[offset] = header[at++];
                return 1;
            }

            @Override
            public void write(byte[] message) {
            }

            @Override
            public String peer() {
                return "10.0.0.1:1";
            }

            @Override
            public void close() {
            }
        };
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> ProxyHeaderReader.read(trickle, Duration.ofMillis(100)));
        assertEquals(Reason.TIMEOUT, e.reason());
    }
}
