package vpn.service.tunnel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vpn.service.tunnel.protocol.TunnelProtocol.HEADER_BYTES;
import static vpn.service.tunnel.protocol.TunnelProtocol.MAX_DATA_BYTES;
import static vpn.service.tunnel.protocol.TunnelProtocol.MAX_MESSAGE_BYTES;
import static vpn.service.tunnel.protocol.TunnelProtocol.MAX_TEXT_BYTES;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelMessage.Allowed;
import vpn.service.tunnel.protocol.TunnelMessage.Check;
import vpn.service.tunnel.protocol.TunnelMessage.Close;
import vpn.service.tunnel.protocol.TunnelMessage.Data;
import vpn.service.tunnel.protocol.TunnelMessage.Eof;
import vpn.service.tunnel.protocol.TunnelMessage.Open;
import vpn.service.tunnel.protocol.TunnelMessage.Opened;
import vpn.service.tunnel.protocol.TunnelMessage.Ping;
import vpn.service.tunnel.protocol.TunnelMessage.Pong;
import vpn.service.tunnel.protocol.TunnelMessage.Refused;
import vpn.service.tunnel.protocol.TunnelMessage.Window;
import vpn.testing.Mutations;
import vpn.testing.Unicode;
import vpn.testing.Values;

/**
 * The tunnel's messages ({@link TunnelCodec}, docs/tunnel-protocol.md): every message decodes to
 * itself; any bytes decode, in their only encoding, or fail with {@link ServiceException}, never
 * another exception; DATA (65,531 bytes), hosts (255), texts (1,024) and the whole message (65,536)
 * are held to their limits exactly.
 */
class TunnelCodecProperties {

    @Provide
    Arbitrary<TunnelMessage> messages() {
        Arbitrary<Integer> channels = Arbitraries.integers();
        Arbitrary<Integer> windows = Arbitraries.integers().between(1, Integer.MAX_VALUE);
        Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
        Arbitrary<String> hosts = Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(30),
                Arbitraries.strings().withCharRange('!', '~').ofMinLength(250).ofMaxLength(255));
        Arbitrary<byte[]> chunks = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofMinSize(MAX_DATA_BYTES - 10).ofMaxSize(MAX_DATA_BYTES));
        return Arbitraries.oneOf(
                Combinators.combine(channels, windows, hosts, ports).as(Open::new),
                Combinators.combine(channels, hosts, ports).as(Check::new),
                channels.map(Ping::new),
                Combinators.combine(channels, windows).as(Opened::new),
                Combinators.combine(channels, Arbitraries.of(Reason.class), Unicode.ofUtf8Bytes(0, MAX_TEXT_BYTES))
                        .as(Refused::new),
                channels.map(Allowed::new),
                channels.map(Pong::new),
                Combinators.combine(channels, chunks).as(Data::new),
                Combinators.combine(channels, windows).as(Window::new),
                channels.map(Eof::new),
                Combinators.combine(channels, Arbitraries.of(true, false)).as(Close::new),
                Combinators.combine(channels, ports).as(TunnelMessage.Listen::new),
                Combinators.combine(channels, ports).as(TunnelMessage.Listening::new),
                Combinators.combine(channels, windows, channels).as(TunnelMessage.Incoming::new));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300),
                Mutations.of(messages().map(TunnelCodec::encode)));
    }

    @Property(tries = 500)
    void everyMessageDecodesToItself(@ForAll("messages") TunnelMessage message) throws ServiceException {
        byte[] encoded = TunnelCodec.encode(message);
        assertTrue(encoded.length <= MAX_MESSAGE_BYTES, encoded.length + " bytes");
        Values.assertSameValue(message, TunnelCodec.decode(encoded));
    }

    @Property(tries = 2000)
    void anyBytesAreAMessageInItsOnlyEncodingOrRefused(@ForAll("anyBytes") byte[] bytes) {
        try {
            assertArrayEquals(bytes, TunnelCodec.encode(TunnelCodec.decode(bytes)));
        } catch (ServiceException refused) {
            assertTrue(refused.getMessage().startsWith("tunnel: malformed message: "), refused.getMessage());
        }
    }

    /** Reading a DATA message's channel where it lies agrees with the decoder, on any bytes. */
    @Property(tries = 1000)
    void theDataChannelIsReadAsTheDecoderReadsIt(@ForAll("anyBytes") byte[] bytes) {
        TunnelMessage decoded;
        try {
            decoded = TunnelCodec.decode(bytes);
        } catch (ServiceException refused) {
            decoded = null;
        }
        try {
            java.util.OptionalInt channel = TunnelCodec.dataChannel(bytes);
            if (decoded instanceof Data data) {
                assertEquals(data.channel(), channel.orElseThrow());
            } else {
                assertTrue(channel.isEmpty(), "a DATA channel read from what the decoder refuses or reads otherwise");
            }
        } catch (ServiceException refused) {
            assertTrue(decoded == null, "refused what the decoder reads: " + refused.getMessage());
        }
    }

    /** The relays' DATA made where its bytes were read is the encoder's DATA, and leaves what follows alone. */
    @Property(tries = 100)
    void dataMadeInItsReadBufferIsTheEncodersData(@ForAll int channel, @ForAll @IntRange(min = 1, max = 3000) int length,
            @ForAll @IntRange(max = 50) int spare) {
        byte[] buffer = new byte[HEADER_BYTES + length + spare];
        Arrays.fill(buffer, (byte) 0x5a);
        buffer[HEADER_BYTES] = 1;
        byte[] chunk = Arrays.copyOfRange(buffer, HEADER_BYTES, HEADER_BYTES + length);
        assertEquals(HEADER_BYTES + length, TunnelCodec.writeDataHeader(channel, buffer, length));
        assertArrayEquals(TunnelCodec.encode(new Data(channel, chunk)), Arrays.copyOf(buffer, HEADER_BYTES + length));
        for (int i = HEADER_BYTES + length; i < buffer.length; i++) {
            assertEquals((byte) 0x5a, buffer[i]);
        }
    }

    // ---- Limits ----

    @Property
    void dataOfAtMost65531Bytes(@ForAll @IntRange(min = MAX_DATA_BYTES - 2, max = MAX_DATA_BYTES + 2) int length) {
        byte[] message = new byte[HEADER_BYTES + length];
        message[0] = (byte) TunnelCodec.DATA;
        assertDecodedUpTo(MAX_DATA_BYTES, length, message);
        if (length > MAX_DATA_BYTES) {
            assertThrows(IllegalArgumentException.class, () -> new Data(1, new byte[length]));
            assertThrows(IllegalArgumentException.class,
                    () -> TunnelCodec.writeDataHeader(1, new byte[HEADER_BYTES + length], length));
        }
    }

    /** Written by hand: the encoder never writes a text over the limit. */
    @Property
    void refusalTextsOfAtMost1024Bytes(@ForAll @IntRange(min = MAX_TEXT_BYTES - 2, max = MAX_TEXT_BYTES + 2) int bytes) {
        byte[] refused = new byte[HEADER_BYTES + 3 + bytes];
        refused[0] = (byte) TunnelCodec.REFUSED;
        refused[5] = (byte) Reason.NOT_ALLOWED.code();
        refused[6] = (byte) (bytes >> 8);
        refused[7] = (byte) bytes;
        Arrays.fill(refused, 8, refused.length, (byte) 'x');
        assertDecodedUpTo(MAX_TEXT_BYTES, bytes, refused);
        if (bytes > MAX_TEXT_BYTES) {
            assertThrows(IllegalArgumentException.class, () -> new Refused(1, Reason.FAILED, "x".repeat(bytes)));
        }
    }

    /** A host's length is one byte, so 255 is the most; every byte of it must be printable ASCII. */
    @Property
    void hostsArePrintableAsciiOfAtMost255Bytes(@ForAll @IntRange(min = 0, max = 255) int length,
            @ForAll @IntRange(min = 0, max = 255) int oddByte) throws ServiceException {
        byte[] host = new byte[length];
        Arrays.fill(host, (byte) 'a');
        byte[] check = new byte[HEADER_BYTES + 3 + length];
        check[0] = (byte) TunnelCodec.CHECK;
        check[6] = 80;
        check[7] = (byte) length;
        System.arraycopy(host, 0, check, 8, length);
        if (length == 0) {
            assertThrows(ServiceException.class, () -> TunnelCodec.decode(check));
            return;
        }
        assertEquals("a".repeat(length), ((Check) TunnelCodec.decode(check)).host());
        check[8 + length / 2] = (byte) oddByte;
        boolean printable = oddByte > ' ' && oddByte <= '~';
        if (printable) {
            TunnelCodec.decode(check);
        } else {
            assertThrows(ServiceException.class, () -> TunnelCodec.decode(check));
        }
    }

    @Property
    void messagesOverTheLimitAreRefusedBeforeAnythingElse(@ForAll @IntRange(min = 1, max = 100) int over) {
        byte[] message = new byte[MAX_MESSAGE_BYTES + over];
        message[0] = (byte) TunnelCodec.DATA;
        assertThrows(ServiceException.class, () -> TunnelCodec.decode(message));
    }

    private static void assertDecodedUpTo(int max, int value, byte[] message) {
        if (value <= max) {
            try {
                TunnelCodec.decode(message);
            } catch (ServiceException e) {
                throw new AssertionError(value + " was refused: " + e.getMessage(), e);
            }
        } else {
            assertThrows(ServiceException.class, () -> TunnelCodec.decode(message));
        }
    }
}
