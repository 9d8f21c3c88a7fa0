package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.negotiation.CipherSuite;
import vpn.core.secure.Handshake.ServiceAnswer;
import vpn.core.secure.Handshake.UserAuth;
import vpn.testing.Mutations;
import vpn.testing.Unicode;

/**
 * The handshake's messages ({@link Handshake}: ServerHello, ClientKey, ServerAuth, the service
 * request and answer, UserAuth): each decoder gives back what its encoder wrote; on any other
 * payload it gives a value or {@link Reason#MALFORMED}, never another exception; the service
 * name (1 to 32), the answer's text (512 bytes) and the user's key and signature (1 to 1,024)
 * are held to their limits exactly.
 */
class HandshakeProperties {

    /** A decoder under test. */
    @FunctionalInterface
    interface Parser {
        Object parse(byte[] payload) throws ProtocolException;
    }

    private static byte[] payload(byte[] frame) {
        return Arrays.copyOfRange(frame, SecureProtocol.FRAME_HEADER, frame.length);
    }

    // ---- Round trips ----

    @Provide
    Arbitrary<CipherSuite> suites() {
        // A ServerHello's cipher name is 1 to 255 printable ASCII characters, no space (spec section 3).
        Arbitrary<String> names = Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(255);
        return Combinators.combine(names, Arbitraries.integers().between(0, 0xffff)).as(CipherSuite::new);
    }

    @Property(tries = 500)
    void serverHello(@ForAll("suites") CipherSuite suite, @ForAll KeyExchange kex, @ForAll @Size(max = 1100) byte[] share)
            throws ProtocolException {
        Handshake.ServerHello hello = Handshake.parseServerHello(payload(Handshake.serverHello(suite, kex, share)));
        assertEquals(suite, hello.suite());
        assertEquals(kex, hello.keyExchange());
        assertArrayEquals(share, hello.share());
    }

    @Property(tries = 500)
    void clientKey(@ForAll @Size(max = SecureProtocol.MAX_HANDSHAKE_PAYLOAD - 2) byte[] share) throws ProtocolException {
        assertArrayEquals(share, Handshake.parseClientKey(payload(Handshake.clientKey(share))));
    }

    @Property
    void serverAuth(@ForAll @Size(32) byte[] key, @ForAll @Size(64) byte[] signature) throws ProtocolException {
        Handshake.ServerAuth auth = Handshake.parseServerAuth(payload(Handshake.serverAuth(key, signature)));
        assertArrayEquals(key, auth.publicKey());
        assertArrayEquals(signature, auth.signature());
    }

    @Provide
    Arbitrary<String> serviceNames() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(SecureProtocol.MAX_SERVICE_NAME);
    }

    @Property
    void serviceRequest(@ForAll("serviceNames") String name, @ForAll @IntRange(max = 0xffff) int version)
            throws ProtocolException {
        assertEquals(new ServiceRequest(name, version),
                Handshake.parseServiceRequest(Handshake.serviceRequest(name, version)));
    }

    @Provide
    Arbitrary<ServiceAnswer> answers() {
        Arbitrary<String> texts = Unicode.strings(200)
                .filter(t -> t.getBytes(StandardCharsets.UTF_8).length <= SecureProtocol.MAX_REFUSAL_TEXT);
        return Arbitraries.oneOf(texts.map(ServiceAnswer::accepted), texts.map(ServiceAnswer::refused),
                Arbitraries.just(ServiceAnswer.authenticate()));
    }

    @Property
    void serviceAnswer(@ForAll("answers") ServiceAnswer answer) throws ProtocolException {
        assertEquals(answer, Handshake.parseServiceAnswer(Handshake.serviceAnswer(answer)));
    }

    /**
     * A text longer than the answer holds (the encoder is given the server's words, and a service's
     * refusal could be long) is cut to the limit: what arrives is the start of what was sent.
     */
    @Property
    void aLongAnswerTextArrivesCutToTheLimit(@ForAll("longTexts") String text) throws ProtocolException {
        String received = Handshake.parseServiceAnswer(Handshake.serviceAnswer(ServiceAnswer.refused(text))).text();
        assertTrue(text.startsWith(received), "not the start of the text sent: " + received);
        assertTrue(received.getBytes(StandardCharsets.UTF_8).length > SecureProtocol.MAX_REFUSAL_TEXT - 4);
    }

    @Provide
    Arbitrary<String> longTexts() {
        return Arbitraries.integers().between(1, 4)
                .flatMap(width -> Unicode.ofUtf8Width(SecureProtocol.MAX_REFUSAL_TEXT / width + 1, width));
    }

    @Property
    void userAuth(@ForAll @Size(min = 1, max = SecureProtocol.MAX_USER_KEY) byte[] key,
            @ForAll @Size(min = 1, max = SecureProtocol.MAX_USER_SIGNATURE) byte[] signature) throws ProtocolException {
        UserAuth auth = Handshake.parseUserAuth(Handshake.userAuth(new UserAuth(key, signature)));
        assertArrayEquals(key, auth.publicKeyWire());
        assertArrayEquals(signature, auth.signature());
    }

    // ---- Any payload: a value or MALFORMED ----

    @Provide
    Arbitrary<byte[]> serverHellos() {
        return hostile(Combinators.combine(suites(), Arbitraries.of(KeyExchange.class),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(64))
                .as((suite, kex, share) -> payload(Handshake.serverHello(suite, kex, share))));
    }

    @Provide
    Arbitrary<byte[]> clientKeys() {
        return hostile(Arbitraries.bytes().array(byte[].class).ofMaxSize(64).map(s -> payload(Handshake.clientKey(s))));
    }

    @Provide
    Arbitrary<byte[]> serverAuths() {
        return hostile(Arbitraries.bytes().array(byte[].class).ofSize(96));
    }

    @Provide
    Arbitrary<byte[]> serviceRequests() {
        return hostile(Combinators.combine(serviceNames(), Arbitraries.integers().between(0, 0xffff))
                .as(Handshake::serviceRequest));
    }

    @Provide
    Arbitrary<byte[]> serviceAnswers() {
        return hostile(answers().map(Handshake::serviceAnswer));
    }

    @Provide
    Arbitrary<byte[]> userAuths() {
        Arbitrary<byte[]> field = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(80);
        return hostile(Combinators.combine(field, field).as((k, s) -> Handshake.userAuth(new UserAuth(k, s))));
    }

    /** Valid payloads damaged, and arbitrary bytes. */
    private static Arbitrary<byte[]> hostile(Arbitrary<byte[]> valid) {
        return Arbitraries.oneOf(Mutations.of(valid), Arbitraries.bytes().array(byte[].class).ofMaxSize(120));
    }

    @Property
    void anyServerHello(@ForAll("serverHellos") byte[] payload) {
        assertValueOrMalformed(Handshake::parseServerHello, payload);
    }

    @Property
    void anyClientKey(@ForAll("clientKeys") byte[] payload) {
        assertValueOrMalformed(Handshake::parseClientKey, payload);
    }

    @Property
    void anyServerAuth(@ForAll("serverAuths") byte[] payload) {
        assertValueOrMalformed(Handshake::parseServerAuth, payload);
    }

    @Property
    void anyServiceRequest(@ForAll("serviceRequests") byte[] payload) {
        assertValueOrMalformed(Handshake::parseServiceRequest, payload);
    }

    @Property
    void anyServiceAnswer(@ForAll("serviceAnswers") byte[] payload) {
        assertValueOrMalformed(Handshake::parseServiceAnswer, payload);
    }

    @Property
    void anyUserAuth(@ForAll("userAuths") byte[] payload) {
        assertValueOrMalformed(Handshake::parseUserAuth, payload);
    }

    // ---- Limits ----

    @Property
    void serviceNamesOfOneTo32Bytes(@ForAll @IntRange(min = 0, max = SecureProtocol.MAX_SERVICE_NAME + 2) int length) {
        byte[] payload = Handshake.serviceRequest("s".repeat(length), 1);
        assertAcceptedWithin(1, SecureProtocol.MAX_SERVICE_NAME, length, Handshake::parseServiceRequest, payload);
    }

    @Property
    void answerTextsOfAtMost512Bytes(@ForAll @IntRange(min = SecureProtocol.MAX_REFUSAL_TEXT - 2,
            max = SecureProtocol.MAX_REFUSAL_TEXT + 2) int length) {
        // Built by hand: the encoder never writes more than the limit.
        byte[] payload = new byte[3 + length];
        payload[0] = (byte) SecureProtocol.SERVICE_REFUSED;
        payload[1] = (byte) (length >> 8);
        payload[2] = (byte) length;
        Arrays.fill(payload, 3, payload.length, (byte) 'x');
        assertAcceptedWithin(0, SecureProtocol.MAX_REFUSAL_TEXT, length, Handshake::parseServiceAnswer, payload);
    }

    @Property
    void userKeysOfOneTo1024Bytes(@ForAll("aroundUserLimit") int length) {
        byte[] payload = Handshake.userAuth(new UserAuth(new byte[length], new byte[64]));
        assertAcceptedWithin(1, SecureProtocol.MAX_USER_KEY, length, Handshake::parseUserAuth, payload);
    }

    @Property
    void userSignaturesOfOneTo1024Bytes(@ForAll("aroundUserLimit") int length) {
        byte[] payload = Handshake.userAuth(new UserAuth(new byte[51], new byte[length]));
        assertAcceptedWithin(1, SecureProtocol.MAX_USER_SIGNATURE, length, Handshake::parseUserAuth, payload);
    }

    @Provide
    Arbitrary<Integer> aroundUserLimit() {
        return Arbitraries.of(0, 1, 2, SecureProtocol.MAX_USER_KEY - 1, SecureProtocol.MAX_USER_KEY,
                SecureProtocol.MAX_USER_KEY + 1, SecureProtocol.MAX_USER_KEY + 2);
    }

    // ---- Helpers ----

    private static void assertValueOrMalformed(Parser parser, byte[] payload) {
        try {
            parser.parse(payload);
        } catch (ProtocolException e) {
            assertEquals(Reason.MALFORMED, e.reason());
        }
    }

    private static void assertAcceptedWithin(int min, int max, int length, Parser parser, byte[] payload) {
        if (length >= min && length <= max) {
            try {
                parser.parse(payload);
            } catch (ProtocolException e) {
                throw new AssertionError(length + " bytes were refused: " + e.getMessage(), e);
            }
        } else {
            assertEquals(Reason.MALFORMED, assertThrows(ProtocolException.class, () -> parser.parse(payload)).reason());
        }
    }
}
