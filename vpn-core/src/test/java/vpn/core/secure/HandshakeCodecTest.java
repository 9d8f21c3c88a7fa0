package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.negotiation.CipherSuite;

/**
 * The handshake codecs of {@link Handshake} (section 3 and 3a of docs/protocol-secure.md): each
 * decoder takes back what its encoder wrote, and refuses everything else with one exception type,
 * {@link ProtocolException} {@link Reason#MALFORMED}: never an index or underflow exception that
 * would escape the session's error handling.
 */
class HandshakeCodecTest {

    private static final CipherSuite AES128 = new CipherSuite("AES", 128);

    /** A decoder under test; any result other than a ProtocolException counts as "accepted". */
    @FunctionalInterface
    interface Parser {
        Object parse(byte[] payload) throws ProtocolException;
    }

    /** The payload of a frame: the handshake encoders return whole frames, the decoders take payloads. */
    private static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, SecureProtocol.FRAME_HEADER, frame.length);
    }

    private static byte[] bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    private static byte[] serverHelloPayload() {
        return payload(Handshake.serverHello(AES128, KeyExchange.X25519, bytes(32, 0x42)));
    }

    private static byte[] serverAuthPayload() {
        return payload(Handshake.serverAuth(bytes(32, 1), bytes(64, 2)));
    }

    /** Every codec: a valid payload and its decoder. */
    static Stream<Arguments> codecs() {
        return Stream.of(
                Arguments.of("ServerHello", serverHelloPayload(), (Parser) Handshake::parseServerHello),
                Arguments.of("ClientKey", payload(Handshake.clientKey(bytes(32, 7))), (Parser) Handshake::parseClientKey),
                Arguments.of("ServerAuth", serverAuthPayload(), (Parser) Handshake::parseServerAuth),
                Arguments.of("ServiceRequest", Handshake.serviceRequest("echo", 1),
                        (Parser) Handshake::parseServiceRequest),
                Arguments.of("ServiceAnswer", Handshake.serviceAnswer(Handshake.ServiceAnswer.refused("no")),
                        (Parser) Handshake::parseServiceAnswer),
                Arguments.of("UserAuth", Handshake.userAuth(new Handshake.UserAuth(bytes(51, 1), bytes(64, 2))),
                        (Parser) Handshake::parseUserAuth));
    }

    private static void assertMalformed(Parser parser, byte[] payload, String why) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> parser.parse(payload), why);
        assertEquals(Reason.MALFORMED, e.reason(), why + ": " + e.getMessage());
    }

    // --- Round trips ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("shares")
    void serverHelloRoundTrips(KeyExchange kex, int shareLength) throws ProtocolException {
        byte[] share = bytes(shareLength, 0x5a);
        share[0] = 0;
        share[shareLength - 1] = (byte) 0xff;
        CipherSuite suite = new CipherSuite("Camellia", 256);
        byte[] frame = Handshake.serverHello(suite, kex, share);
        assertEquals(SecureProtocol.SERVER_HELLO, frame[0]);
        Handshake.ServerHello hello = Handshake.parseServerHello(payload(frame));
        assertEquals(suite, hello.suite());
        assertEquals(kex, hello.keyExchange());
        assertArrayEquals(share, hello.share());
    }

    static Stream<Arguments> shares() {
        return Stream.of(Arguments.of(KeyExchange.X25519, 32), Arguments.of(KeyExchange.MODP_8192, 1024));
    }

    @Test
    void clientKeyRoundTrips() throws ProtocolException {
        for (byte[] share : new byte[][] {bytes(32, 9), bytes(1024, 0xee), new byte[0]}) {
            byte[] frame = Handshake.clientKey(share);
            assertEquals(SecureProtocol.CLIENT_KEY, frame[0]);
            assertArrayEquals(share, Handshake.parseClientKey(payload(frame)));
        }
    }

    @Test
    void serverAuthRoundTrips() throws ProtocolException {
        byte[] key = bytes(32, 0x11);
        byte[] signature = bytes(64, 0x22);
        byte[] frame = Handshake.serverAuth(key, signature);
        assertEquals(SecureProtocol.SERVER_AUTH, frame[0]);
        Handshake.ServerAuth auth = Handshake.parseServerAuth(payload(frame));
        assertArrayEquals(key, auth.publicKey());
        assertArrayEquals(signature, auth.signature());
    }

    @ParameterizedTest(name = "{0} v{1}")
    @MethodSource("serviceRequests")
    void serviceRequestRoundTrips(String name, int version) throws ProtocolException {
        assertEquals(new ServiceRequest(name, version),
                Handshake.parseServiceRequest(Handshake.serviceRequest(name, version)));
    }

    /** Names at both length limits and with the extreme printable bytes; versions across the u16. */
    static Stream<Arguments> serviceRequests() {
        return Stream.of(
                Arguments.of("echo", 1),
                Arguments.of("c", 0),
                Arguments.of("x".repeat(SecureProtocol.MAX_SERVICE_NAME), 65535),
                Arguments.of("!~chat-2.0_beta", 2));
    }

    @ParameterizedTest(name = "status={0} \"{1}\"")
    @MethodSource("serviceAnswers")
    void serviceAnswerRoundTrips(int status, String text) throws ProtocolException {
        Handshake.ServiceAnswer answer = new Handshake.ServiceAnswer(status, text);
        assertEquals(answer, Handshake.parseServiceAnswer(Handshake.serviceAnswer(answer)));
    }

    static Stream<Arguments> serviceAnswers() {
        return Stream.of(
                Arguments.of(SecureProtocol.SERVICE_ACCEPTED, ""),
                Arguments.of(SecureProtocol.SERVICE_ACCEPTED, "alice"),
                Arguments.of(SecureProtocol.SERVICE_AUTHENTICATE, ""),
                Arguments.of(SecureProtocol.SERVICE_REFUSED, "the chat service is not installed on this server"),
                Arguments.of(SecureProtocol.SERVICE_REFUSED, "\u00e9t\u00e9 \u2713"),
                Arguments.of(SecureProtocol.SERVICE_REFUSED, "r".repeat(SecureProtocol.MAX_REFUSAL_TEXT)));
    }

    @Test
    void aRefusalTextOverTheLimitIsCutToItOnEncoding() throws ProtocolException {
        String tooLong = "r".repeat(SecureProtocol.MAX_REFUSAL_TEXT + 10);
        assertEquals(SecureProtocol.MAX_REFUSAL_TEXT, Handshake.parseServiceAnswer(
                Handshake.serviceAnswer(Handshake.ServiceAnswer.refused(tooLong))).text().length());
    }

    // --- Every codec: truncations and a trailing byte ---

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void theValidPayloadParses(String what, byte[] valid, Parser parser) throws ProtocolException {
        parser.parse(valid);
    }

    /** Each length 0..n-1: the decoders check lengths before anything else, so no other exception. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void everyTruncationIsMalformed(String what, byte[] valid, Parser parser) {
        for (int length = 0; length < valid.length; length++) {
            assertMalformed(parser, Arrays.copyOf(valid, length), what + " cut to " + length + " of " + valid.length);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codecs")
    void oneTrailingByteIsMalformed(String what, byte[] valid, Parser parser) {
        assertMalformed(parser, Arrays.copyOf(valid, valid.length + 1), what + " with a trailing zero byte");
    }

    // --- Specific bad values, each in an otherwise valid payload ---

    /** ServerHello offsets: version 0, name length 1, name 2..4 ("AES"), key size 5, key exchange 7. */
    private static byte[] serverHelloWith(int offset, int... values) {
        byte[] payload = serverHelloPayload();
        for (int i = 0; i < values.length; i++) {
            payload[offset + i] = (byte) values[i];
        }
        return payload;
    }

    static Stream<Arguments> badServerHellos() {
        return Stream.of(
                Arguments.of("version 1 (classic)", serverHelloWith(0, 1)),
                Arguments.of("version 3", serverHelloWith(0, 3)),
                Arguments.of("version 0", serverHelloWith(0, 0)),
                Arguments.of("key exchange 0", serverHelloWith(7, 0, 0)),
                Arguments.of("key exchange 25520", serverHelloWith(7, 25520 >> 8, 25520 & 0xff)),
                Arguments.of("key exchange 8193", serverHelloWith(7, 8193 >> 8, 8193 & 0xff)),
                Arguments.of("name length 255, longer than the rest", serverHelloWith(1, 255)),
                Arguments.of("name length 42, one more than the rest", serverHelloWith(1, 42)),
                Arguments.of("name length 0, so the rest misaligns", serverHelloWith(1, 0)),
                Arguments.of("share length 33 of 32", serverHelloWith(9, 0, 33)),
                Arguments.of("share length 31 of 32", serverHelloWith(9, 0, 31)),
                // Decoded as ASCII these became "A?S" and "A S": another name than was sent.
                Arguments.of("a name byte over 0x7e", serverHelloWith(3, 0xf7)),
                Arguments.of("a space in the name", serverHelloWith(3, ' ')),
                Arguments.of("a control character in the name", serverHelloWith(3, 0x1b)),
                Arguments.of("DEL in the name", serverHelloWith(3, 0x7f)),
                Arguments.of("an empty name, the rest well formed", emptyNameServerHello()));
    }

    /** A ServerHello whose name length is 0 and whose other fields are exactly right for that. */
    private static byte[] emptyNameServerHello() {
        return ByteBuffer.allocate(1 + 1 + 2 + 2 + 2 + 32).put((byte) SecureProtocol.VERSION).put((byte) 0)
                .putShort((short) 128).putShort((short) KeyExchange.X25519.id()).putShort((short) 32)
                .put(bytes(32, 0x42)).array();
    }

    @Test
    void theExtremePrintableBytesAreAcceptedInACipherName() throws ProtocolException {
        byte[] payload = serverHelloWith(2, '!', '~', '!');
        assertEquals("!~!", Handshake.parseServerHello(payload).suite().name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServerHellos")
    void badServerHellosAreMalformed(String what, byte[] payload) {
        assertMalformed(Handshake::parseServerHello, payload, what);
    }

    @Test
    void theServerHelloOffsetsAreTheOnesTheTableAssumes() {
        byte[] p = serverHelloPayload();
        assertEquals(43, p.length);
        assertEquals(3, p[1]);
        assertEquals(25519, (p[7] & 0xff) << 8 | (p[8] & 0xff));
        assertEquals(32, (p[9] & 0xff) << 8 | (p[10] & 0xff));
    }

    /** ClientKey carrying 32 bytes of share, with a length field that says otherwise. */
    @ParameterizedTest(name = "says {0}")
    @ValueSource(ints = {0, 1, 31, 33, 256 + 32, 0xffff})
    void aClientKeyLengthThatLiesIsMalformed(int claimed) {
        byte[] payload = ByteBuffer.allocate(2 + 32).putShort((short) claimed).put(bytes(32, 3)).array();
        assertMalformed(Handshake::parseClientKey, payload, "a length of " + claimed + " over 32 bytes");
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {95, 97, 0})
    void aServerAuthOfAnyOtherLengthIsMalformed(int length) {
        assertMalformed(Handshake::parseServerAuth, Arrays.copyOf(serverAuthPayload(), length), length + " bytes");
    }

    /** A request whose name bytes are {@code name} verbatim and whose length byte is {@code length}. */
    private static byte[] request(int length, byte[] name) {
        return ByteBuffer.allocate(1 + name.length + 2).put((byte) length).put(name).putShort((short) 1).array();
    }

    static Stream<Arguments> badServiceRequests() {
        return Stream.of(
                Arguments.of("name length 0", request(0, new byte[0])),
                // 33 bytes follow, so only the limit refuses it, not the length check.
                Arguments.of("name length 33", request(33, bytes(33, 'x'))),
                Arguments.of("name length 255", request(255, bytes(255, 'x'))),
                Arguments.of("a NUL in the name", request(4, new byte[] {'e', 0, 'h', 'o'})),
                Arguments.of("a newline in the name", request(4, new byte[] {'e', '\n', 'h', 'o'})),
                Arguments.of("a space in the name", request(4, new byte[] {'e', ' ', 'h', 'o'})),
                Arguments.of("DEL in the name", request(4, new byte[] {'e', 0x7f, 'h', 'o'})),
                Arguments.of("a byte over 0x7f in the name", request(4, new byte[] {'e', (byte) 0xc3, 'h', 'o'})),
                Arguments.of("an ANSI escape in the name", request(4, new byte[] {0x1b, '[', '2', 'J'})));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServiceRequests")
    void badServiceRequestsAreMalformed(String what, byte[] payload) {
        assertMalformed(Handshake::parseServiceRequest, payload, what);
    }

    /** An answer with the given status and length field, followed by {@code textBytes} bytes of text. */
    private static byte[] answer(int status, int length, int textBytes) {
        return ByteBuffer.allocate(3 + textBytes).put((byte) status).putShort((short) length)
                .put(bytes(textBytes, 'r')).array();
    }

    static Stream<Arguments> badServiceAnswers() {
        return Stream.of(
                Arguments.of("status 3", answer(3, 0, 0)),
                Arguments.of("status 2 with text", answer(2, 1, 1)),
                Arguments.of("status 255", answer(255, 0, 0)),
                // 513 bytes follow, so only the limit refuses it.
                Arguments.of("text length 513", answer(1, 513, 513)),
                Arguments.of("text length 65535", answer(1, 65535, 0)),
                Arguments.of("text length 3 over 2 bytes", answer(1, 3, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServiceAnswers")
    void badServiceAnswersAreMalformed(String what, byte[] payload) {
        assertMalformed(Handshake::parseServiceAnswer, payload, what);
    }

    static Stream<Arguments> badUserAuths() {
        return Stream.of(
                Arguments.of("empty key", ByteBuffer.allocate(2 + 2 + 64).putShort((short) 0).putShort((short) 64).array()),
                Arguments.of("key over the limit", ByteBuffer.allocate(2 + SecureProtocol.MAX_USER_KEY + 1 + 2 + 64)
                        .putShort((short) (SecureProtocol.MAX_USER_KEY + 1)).put(bytes(SecureProtocol.MAX_USER_KEY + 1, 1))
                        .putShort((short) 64).put(bytes(64, 2)).array()),
                Arguments.of("empty signature", ByteBuffer.allocate(2 + 51 + 2).putShort((short) 51).put(bytes(51, 1))
                        .putShort((short) 0).array()),
                Arguments.of("signature length past the end", ByteBuffer.allocate(2 + 51 + 2 + 10).putShort((short) 51)
                        .put(bytes(51, 1)).putShort((short) 64).put(bytes(10, 2)).array()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUserAuths")
    void badUserAuthsAreMalformed(String what, byte[] payload) {
        assertMalformed(Handshake::parseUserAuth, payload, what);
    }

    /** Section 3: the signed content is the context string, one zero byte, then H, exactly. */
    @Test
    void signedContentsAreTheContextAZeroByteAndTheHash() {
        byte[] hash = bytes(32, 0xab);
        ByteBuffer server = ByteBuffer.allocate(SecureProtocol.SIGNATURE_CONTEXT.length() + 1 + 32)
                .put(SecureProtocol.SIGNATURE_CONTEXT.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) 0).put(hash);
        ByteBuffer user = ByteBuffer.allocate(SecureProtocol.USER_SIGNATURE_CONTEXT.length() + 1 + 32)
                .put(SecureProtocol.USER_SIGNATURE_CONTEXT.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                .put((byte) 0).put(hash);
        assertArrayEquals(server.array(), Handshake.signedContent(hash));
        assertArrayEquals(user.array(), Handshake.userSignedContent(hash));
    }

    /** The client reads a ServerHello of the largest handshake payload whole, and refuses one byte more as oversize. */
    @Test
    void theClientReadsAServerHelloUpToTheHandshakeLimit() throws Exception {
        byte[] largest = Frames.encode(SecureProtocol.SERVER_HELLO, bytes(SecureProtocol.MAX_HANDSHAKE_PAYLOAD, 0x33));
        assertArrayEquals(largest, readHello(largest));
        byte[] over = Frames.encode(SecureProtocol.SERVER_HELLO, bytes(SecureProtocol.MAX_HANDSHAKE_PAYLOAD + 1, 0x33));
        assertEquals(Reason.OVERSIZE, assertThrows(ProtocolException.class, () -> readHello(over)).reason());
    }

    private static byte[] readHello(byte[] frame) throws Exception {
        vpn.core.testing.PipeTransport[] pipe = vpn.core.testing.PipeTransport.pair();
        pipe[1].write(frame);
        return new vpn.core.transport.MessageReader(pipe[0], vpn.core.Limits.DEFAULT).read("ServerHello",
                SecureClientHandshake.helloFormat(), SecureClientHandshake.maxHelloBytes(), java.time.Duration.ofSeconds(5));
    }

    @Test
    void theLimitsThemselvesAreAccepted() throws ProtocolException {
        assertTrue(Handshake.parseServiceAnswer(answer(0, 512, 512)).isAccepted());
        assertFalse(Handshake.parseServiceAnswer(answer(1, 512, 512)).isAccepted());
        byte[] longest = Handshake.userAuth(new Handshake.UserAuth(bytes(SecureProtocol.MAX_USER_KEY, 1),
                bytes(SecureProtocol.MAX_USER_SIGNATURE, 2)));
        assertEquals(SecureProtocol.MAX_USER_KEY, Handshake.parseUserAuth(longest).publicKeyWire().length);
        assertEquals(32, Handshake.parseServiceRequest(request(32, bytes(32, '~'))).name().length());
    }
}
