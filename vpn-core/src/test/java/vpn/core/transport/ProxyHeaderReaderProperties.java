package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.core.ProtocolException;
import vpn.core.testing.BytesTransport;
import vpn.testing.Mutations;
import vpn.testing.ProxyHeaders;

/**
 * {@link ProxyHeaderReader} on any bytes: a header or a {@link ProtocolException}, nothing else
 * thrown; never a byte read past the length the header states (the negotiation's bytes follow);
 * a header it accepts is exactly 16 bytes plus that length; valid headers come back as sent.
 */
class ProxyHeaderReaderProperties {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Provide
    Arbitrary<byte[]> validHeaders() {
        Arbitrary<byte[]> ipv4 = Arbitraries.bytes().array(byte[].class).ofSize(4);
        Arbitrary<byte[]> ipv6 = Arbitraries.bytes().array(byte[].class).ofSize(16);
        Arbitrary<Integer> ports = Arbitraries.integers().between(0, 65535);
        Arbitrary<byte[]> tlvs = Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                .map(value -> ProxyHeaders.tlv(0xE0, value)).list().ofMaxSize(3)
                .map(list -> list.stream().reduce(new byte[0], ProxyHeaderReaderProperties::concat));
        Arbitrary<byte[]> v4 = Combinators.combine(ipv4, ipv4, ports, ports, tlvs)
                .as((s, d, sp, dp, t) -> ProxyHeaders.proxy(socket(s, sp), socket(d, dp), t));
        Arbitrary<byte[]> v6 = Combinators.combine(ipv6, ipv6, ports, ports, tlvs)
                .as((s, d, sp, dp, t) -> ProxyHeaders.proxy(socket(s, sp), socket(d, dp), t));
        return Arbitraries.oneOf(v4, v6, Arbitraries.just(ProxyHeaders.local()));
    }

    @Provide
    Arbitrary<byte[]> damagedHeaders() {
        return Mutations.of(validHeaders());
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        // Mostly the signature then anything, so that the fields behind it are reached.
        Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMaxSize(600);
        return Arbitraries.oneOf(noise, noise.map(rest -> concat(ProxyHeaders.SIGNATURE, rest)));
    }

    @Property(tries = 2000)
    void validHeadersAreReadExactly(@ForAll("validHeaders") byte[] header, @ForAll @IntRange(min = 1, max = 64) int segment)
            throws Exception {
        byte[] sent = concat(header, new byte[] {'P', 'r', 'o'});
        BytesTransport transport = new BytesTransport(sent, segment, false);
        ProxyHeader read = ProxyHeaderReader.read(transport, TIMEOUT);
        assertEquals(header.length, transport.consumed());
        if (header[12] == 0x20) {
            assertEquals(ProxyHeader.Command.LOCAL, read.command());
        } else {
            int length = header[13] == 0x11 ? 4 : 16;
            InetSocketAddress expected = socket(Arrays.copyOfRange(header, 16, 16 + length),
                    (header[16 + 2 * length] & 0xff) << 8 | (header[17 + 2 * length] & 0xff));
            assertEquals(expected, read.source().orElseThrow());
        }
    }

    @Property(tries = 3000)
    void damagedHeadersGiveAHeaderOrAProtocolExceptionAndNoBytePastTheStatedLength(
            @ForAll("damagedHeaders") byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int segment,
            @ForAll boolean silentAtEnd) throws Exception {
        checkBounded(bytes, segment, silentAtEnd);
    }

    @Property(tries = 3000)
    void anyBytesGiveAHeaderOrAProtocolExceptionAndNoBytePastTheStatedLength(
            @ForAll("anyBytes") byte[] bytes, @ForAll @IntRange(min = 1, max = 64) int segment,
            @ForAll boolean silentAtEnd) throws Exception {
        checkBounded(bytes, segment, silentAtEnd);
    }

    /** Reads {@code bytes} followed by more: only ProtocolException may escape, and the reader stays within the header. */
    private static void checkBounded(byte[] bytes, int segment, boolean silentAtEnd) throws Exception {
        byte[] sent = concat(bytes, new byte[100]);
        BytesTransport transport = new BytesTransport(sent, segment, silentAtEnd);
        // The most a reader may take: the fixed part, plus the length it states. The stream's bytes
        // 14 and 15 state it, whether they come from the damaged bytes or the zeros after them.
        int stated = (sent[14] & 0xff) << 8 | (sent[15] & 0xff);
        try {
            ProxyHeaderReader.read(transport, TIMEOUT);
            assertEquals(16 + stated, transport.consumed(), "an accepted header is exactly 16 + its length");
            assertTrue(stated <= ProxyProtocol.MAX_ADDRESS_BYTES);
        } catch (ProtocolException refused) {
            assertTrue(transport.consumed() <= 16 + Math.min(stated, ProxyProtocol.MAX_ADDRESS_BYTES),
                    transport.consumed() + " bytes read, the header states " + stated + ": " + refused.getMessage());
        }
    }

    private static InetSocketAddress socket(byte[] address, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByAddress(address), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
