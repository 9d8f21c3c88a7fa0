package vpn.service.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vpn.service.chat.protocol.ChatProtocol.MAX_CIPHERTEXT;
import static vpn.service.chat.protocol.ChatProtocol.MAX_LINE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_MESSAGE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_NAME_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_SESSIONS_PER_USER;
import static vpn.service.chat.protocol.ChatProtocol.TAG;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.api.service.ServiceException;
import vpn.service.chat.protocol.ClientMessage.Announce;
import vpn.service.chat.protocol.ClientMessage.Direct;
import vpn.service.chat.protocol.ClientMessage.FetchKeys;
import vpn.service.chat.protocol.ClientMessage.Keepalive;
import vpn.service.chat.protocol.ClientMessage.ListUsers;
import vpn.service.chat.protocol.ClientMessage.Say;
import vpn.service.chat.protocol.ClientMessage.Whois;
import vpn.testing.Mutations;
import vpn.testing.Unicode;
import vpn.testing.Values;

/**
 * The client's messages ({@link ClientCodec}, docs/chat-protocol.md), whose decoder is the
 * server's protection: every message decodes to itself; any bytes at all decode or fail with
 * {@link ServiceException}, never another exception, and what decodes is the one encoding of
 * its value; lines (4,000 bytes), names (64), copies (1 to 8), ciphertexts (17 to 4,016) and the
 * whole message (36 KiB) are held to their limits exactly, and the largest legal message fits.
 */
class ClientCodecProperties {

    // ---- Generators, shared with ServerCodecProperties ----

    static Arbitrary<byte[]> bytes(int length) {
        return Arbitraries.bytes().array(byte[].class).ofSize(length);
    }

    static Arbitrary<String> anyName() {
        return Unicode.ofUtf8Bytes(1, MAX_NAME_BYTES);
    }

    static Arbitrary<String> anyLine() {
        return Arbitraries.oneOf(Unicode.ofUtf8Bytes(1, 80), Unicode.ofUtf8Bytes(1, MAX_LINE_BYTES));
    }

    static Arbitrary<SignedSessionKey> anySessionKey() {
        return Combinators.combine(bytes(32), bytes(64)).as(SignedSessionKey::new);
    }

    static Arbitrary<SealedMessage> anySealed() {
        Arbitrary<byte[]> ciphertexts = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMinSize(TAG + 1).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofMinSize(TAG + 1).ofMaxSize(MAX_CIPHERTEXT));
        return Combinators.combine(bytes(32), bytes(32), bytes(12), ciphertexts, bytes(64)).as(SealedMessage::new);
    }

    @Provide
    Arbitrary<ClientMessage> messages() {
        Arbitrary<Integer> ids = Arbitraries.integers();
        Arbitrary<List<SealedMessage>> copies = anySealed().list().ofMinSize(1).ofMaxSize(MAX_SESSIONS_PER_USER)
                .uniqueElements(copy -> HexFormat.of().formatHex(copy.recipientKey()));
        return Arbitraries.oneOf(
                Combinators.combine(ids, anySessionKey()).as(Announce::new),
                Combinators.combine(ids, anyLine()).as(Say::new),
                ids.map(ListUsers::new),
                Combinators.combine(ids, anyName()).as(Whois::new),
                Combinators.combine(ids, anyName()).as(FetchKeys::new),
                Combinators.combine(ids, anyName(), copies).as(Direct::new),
                ids.map(Keepalive::new));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Mutations.of(messages().map(ClientCodec::encode)));
    }

    // ---- Properties ----

    @Property(tries = 500)
    void everyMessageDecodesToItself(@ForAll("messages") ClientMessage message) throws ServiceException {
        byte[] encoded = ClientCodec.encode(message);
        assertTrue(encoded.length <= MAX_MESSAGE_BYTES, encoded.length + " bytes");
        Values.assertSameValue(message, ClientCodec.decode(encoded));
    }

    /** What a client may send: a message, or the ServiceException that ends its session; and only one encoding per message. */
    @Property
    void anyBytesAreAMessageInItsOnlyEncodingOrRefused(@ForAll("anyBytes") byte[] bytes) {
        try {
            assertArrayEquals(bytes, ClientCodec.encode(ClientCodec.decode(bytes)));
        } catch (ServiceException refused) {
            assertTrue(refused.getMessage().startsWith("malformed chat message: "), refused.getMessage());
        }
    }

    @Property
    void linesOfOneTo4000BytesOfUtf8(@ForAll @IntRange(min = 1, max = 4) int width, @ForAll("nearLineLimit") int bytes) {
        String text = "x".repeat(bytes % width) + ofWidth(bytes / width, width);
        byte[] say = new WireWriter().u8(ClientCodec.SAY).u32(1).text(text).toByteArray();
        assertDecodedWithin(1, MAX_LINE_BYTES, bytes, say);
    }

    @Provide
    Arbitrary<Integer> nearLineLimit() {
        return Arbitraries.of(0, 1, MAX_LINE_BYTES - 1, MAX_LINE_BYTES, MAX_LINE_BYTES + 1, MAX_LINE_BYTES + 3);
    }

    @Property
    void namesOfOneTo64Bytes(@ForAll @IntRange(min = 0, max = MAX_NAME_BYTES + 2) int bytes) {
        byte[] whois = new WireWriter().u8(ClientCodec.WHOIS).u32(1).text("n".repeat(bytes)).toByteArray();
        assertDecodedWithin(1, MAX_NAME_BYTES, bytes, whois);
    }

    @Property(tries = 100)
    void directMessagesOfOneTo8Copies(@ForAll @IntRange(min = 0, max = MAX_SESSIONS_PER_USER + 1) int count) {
        WireWriter direct = new WireWriter().u8(ClientCodec.DIRECT).u32(1).text("bob").u8(count);
        for (int i = 0; i < count; i++) {
            direct.fixed(filled(32, i)).fixed(filled(32, 0)).fixed(filled(12, 0)).bytes(filled(TAG + 1, 0))
                    .fixed(filled(64, 0));
        }
        assertDecodedWithin(1, MAX_SESSIONS_PER_USER, count, direct.toByteArray());
    }

    @Property
    void ciphertextsOf17To4016Bytes(@ForAll("nearCiphertextLimits") int length) {
        byte[] direct = new WireWriter().u8(ClientCodec.DIRECT).u32(1).text("bob").u8(1)
                .fixed(filled(32, 1)).fixed(filled(32, 0)).fixed(filled(12, 0)).bytes(filled(length, 0))
                .fixed(filled(64, 0)).toByteArray();
        assertDecodedWithin(TAG + 1, MAX_CIPHERTEXT, length, direct);
    }

    @Provide
    Arbitrary<Integer> nearCiphertextLimits() {
        return Arbitraries.of(0, TAG - 1, TAG, TAG + 1, TAG + 2, MAX_CIPHERTEXT - 1, MAX_CIPHERTEXT, MAX_CIPHERTEXT + 1);
    }

    @Property(tries = 20)
    void copiesForOneSessionTwiceAreRefused(@ForAll("sealed") SealedMessage copy) {
        byte[] twice = ClientCodec.encode(new Direct(1, "bob", List.of(copy, copy)));
        assertThrows(ServiceException.class, () -> ClientCodec.decode(twice));
    }

    @Provide
    Arbitrary<SealedMessage> sealed() {
        return anySealed();
    }

    /** The largest legal message, a DIRECT to 8 sessions of a 64-byte name, fits; one byte over 36 KiB never does. */
    @Property(tries = 10)
    void theLargestDirectFitsAndNothingLongerIsRead(@ForAll @IntRange(min = 1, max = 100) int extra) throws ServiceException {
        List<SealedMessage> copies = java.util.stream.IntStream.range(0, MAX_SESSIONS_PER_USER)
                .mapToObj(i -> new SealedMessage(filled(32, i), filled(32, 0), filled(12, 0), filled(MAX_CIPHERTEXT, 0),
                        filled(64, 0)))
                .toList();
        byte[] largest = ClientCodec.encode(new Direct(1, "n".repeat(MAX_NAME_BYTES), copies));
        assertTrue(largest.length <= MAX_MESSAGE_BYTES, largest.length + " bytes");
        ClientCodec.decode(largest);
        byte[] over = Arrays.copyOf(largest, MAX_MESSAGE_BYTES + extra);
        ServiceException e = assertThrows(ServiceException.class, () -> ClientCodec.decode(over));
        assertTrue(e.getMessage().contains("more than " + MAX_MESSAGE_BYTES), e.getMessage());
    }

    // ---- Helpers ----

    /** {@code count} characters of {@code width} bytes of UTF-8 each: x, é, €, or an emoji. */
    static String ofWidth(int count, int width) {
        int codePoint = new int[] {'x', 0xe9, 0x20ac, 0x1f600}[width - 1];
        return Character.toString(codePoint).repeat(count);
    }

    static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static void assertDecodedWithin(int min, int max, int value, byte[] message) {
        if (value >= min && value <= max) {
            try {
                ClientCodec.decode(message);
            } catch (ServiceException e) {
                throw new AssertionError(value + " was refused: " + e.getMessage(), e);
            }
        } else {
            assertThrows(ServiceException.class, () -> ClientCodec.decode(message));
        }
    }
}
