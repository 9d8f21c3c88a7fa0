package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.Proposal;
import vpn.testing.Mutations;
import vpn.core.testing.Vectors;
import vpn.core.testing.Wire;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;

/**
 * The classic protocol's text messages after the proposal ({@link ClassicMessages}): the server's
 * choice, the {@code DHMKE:} key share and the clear replies. Each is read back as written,
 * however TCP cuts it; on any other bytes its format gives a verdict (a value, "more", or a
 * {@link ProtocolException}) and never throws; a key share longer than p's digits is oversize.
 */
class ClassicMessagesProperties {

    private static final DhGroup GROUP = DhGroup.MODP_8192;
    private static final BigInteger P = GROUP.p();
    private static final DiffieHellman DH = new DiffieHellman(GROUP, new SecureRandom());
    /** What the client proposed in these properties: every shipped cipher at every size. */
    private static final Proposal OURS = Proposal.of(Vectors.allProviders());

    // ---- The choice ----

    @Provide
    Arbitrary<CipherSuite> offered() {
        return Arbitraries.of(OURS.offers().stream()
                .flatMap(o -> o.keySizes().stream().map(k -> new CipherSuite(o.name(), k))).toList());
    }

    @Provide
    Arbitrary<byte[]> choiceBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Mutations.of(offered().map(Choice::toBytes)),
                Mutations.of(Arbitraries.of(Choice.NO_COMMON_CIPHER, Choice.NO_COMMON_KEY_EXCHANGE)
                        .map(text -> text.getBytes(StandardCharsets.US_ASCII))));
    }

    @Property
    void anOfferedChoiceIsReadBackInEitherFormAndAnyCuts(@ForAll("offered") CipherSuite suite, @ForAll boolean colon,
            @ForAll int[] cuts) throws Exception {
        String text = Choice.PREFIX + suite.name() + (colon ? ":" : ",") + suite.keySize();
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(suite, Wire.read(bytes, cuts, ClassicMessages.choiceFormat(OURS),
                Proposal.MAX_BYTES));
    }

    @Property
    void theChoiceFormatGivesAVerdictOnAnyBytes(@ForAll("choiceBytes") byte[] bytes) {
        decideWithin(ClassicMessages.choiceFormat(OURS), bytes,
                Set.of(Reason.MALFORMED, Reason.NO_COMMON_CIPHER, Reason.NO_COMMON_KEY_EXCHANGE));
    }

    /** Whatever it accepts is one of the suites proposed. */
    @Property
    void theChoiceFormatAcceptsOnlyWhatWasProposed(@ForAll("choiceBytes") byte[] bytes) {
        Attempt<CipherSuite> attempt = ClassicMessages.choiceFormat(OURS).attempt(bytes, bytes.length);
        if (attempt instanceof Attempt.Complete<CipherSuite> complete) {
            assertTrue(OURS.offers(complete.value()), complete.value().label());
        }
    }

    // ---- The key share ----

    @Provide
    Arbitrary<BigInteger> publicValues() {
        return Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.ZERO, P.subtract(BigInteger.ONE)),
                Arbitraries.bigIntegers().between(BigInteger.ZERO, BigInteger.TEN.pow(40)));
    }

    @Provide
    Arbitrary<byte[]> keyShareBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.strings().withChars("DHMKE:0123456789 -+").ofMaxLength(40)
                        .map(s -> s.getBytes(StandardCharsets.US_ASCII)),
                Mutations.of(publicValues().map(ClassicMessages::keyShare)));
    }

    /**
     * A key share is read back however TCP cuts it before its last 16 digits. A cut within them is
     * the unframed protocol's documented limit (docs/protocol-classic.md, "Reading without
     * framing"): that many digits are taken as a whole value at once.
     */
    @Property(tries = 300)
    void aKeyShareIsReadBackWhateverItsCuts(@ForAll("publicValues") BigInteger value, @ForAll int[] cuts)
            throws Exception {
        byte[] bytes = ClassicMessages.keyShare(value);
        int certainlyWhole = ClassicProtocol.KEY_SHARE_PREFIX.length() + GROUP.maxDecimalDigits()
                - ClassicProtocol.KEY_SHARE_DIGIT_SLACK;
        int[] early = Arrays.stream(cuts).map(cut -> Math.floorMod(cut, certainlyWhole)).toArray();
        assertEquals(value, Wire.read(bytes, early, ClassicMessages.keyShareFormat(GROUP),
                ClassicMessages.maxKeyShareBytes(GROUP)));
    }

    @Property(tries = 300)
    void theKeyShareFormatGivesAVerdictOnAnyBytes(@ForAll("keyShareBytes") byte[] bytes) {
        decideWithin(ClassicMessages.keyShareFormat(GROUP), bytes, Set.of(Reason.MALFORMED, Reason.OVERSIZE));
    }

    /** As many digits as p - 1 has (whatever the value: the range is checked next), and not one more. */
    @Property
    void aKeyShareHasAtMostTheDigitsOfThePrime(@ForAll @IntRange(min = -2, max = 2) int beyond) throws Exception {
        int digits = GROUP.maxDecimalDigits() + beyond;
        byte[] bytes = (ClassicProtocol.KEY_SHARE_PREFIX + "9".repeat(digits)).getBytes(StandardCharsets.US_ASCII);
        MessageFormat<BigInteger> format = ClassicMessages.keyShareFormat(GROUP);
        if (beyond <= 0) {
            assertEquals(digits, Wire.read(bytes, format, ClassicMessages.maxKeyShareBytes(GROUP)).toString().length());
        } else {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> Wire.read(bytes, format, ClassicMessages.maxKeyShareBytes(GROUP)));
            assertEquals(Reason.OVERSIZE, e.reason());
        }
    }

    /** Every value a key share can carry is then accepted as a public value or refused as invalid: nothing else. */
    @Property(tries = 200)
    void everyDecodedValueIsCheckedWithoutSurprises(@ForAll("candidates") BigInteger value) {
        try {
            DH.checkPeerValue(value);
            assertTrue(value.compareTo(BigInteger.TWO) > 0 && value.compareTo(P.subtract(BigInteger.ONE)) < 0);
        } catch (ProtocolException e) {
            assertEquals(Reason.INVALID_KEY_SHARE, e.reason());
        }
    }

    @Provide
    Arbitrary<BigInteger> candidates() {
        return Arbitraries.oneOf(publicValues(),
                Arbitraries.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, BigInteger.valueOf(3),
                        P.subtract(BigInteger.TWO), P.subtract(BigInteger.ONE), P, P.add(BigInteger.ONE),
                        BigInteger.TEN.pow(GROUP.maxDecimalDigits()).subtract(BigInteger.ONE)));
    }

    // ---- Replies in clear ----

    /** A reply without zeros at its ends, as the echo makes them: read back after any padding and cuts. */
    @Property
    void aReplyIsReadBackAfterItsPaddingAndAnyCuts(@ForAll @Size(min = 1, max = 300) byte[] reply,
            @ForAll @IntRange(max = 15) int padding, @ForAll int[] cuts, @ForAll boolean expected) throws Exception {
        Assume.that(reply[0] != 0 && reply[reply.length - 1] != 0);
        byte[] bytes = Arrays.copyOf(reply, reply.length + padding);
        assertArrayEquals(reply, Wire.read(bytes, cuts,
                ClassicMessages.replyFormat(expected ? reply : null), bytes.length));
    }

    @Property
    void theReplyFormatGivesAVerdictOnAnyBytes(@ForAll byte[] bytes, @ForAll byte[] expected) {
        decideWithin(ClassicMessages.replyFormat(expected), bytes, Set.of());
        decideWithin(ClassicMessages.replyFormat(null), bytes, Set.of());
    }

    /** A value, "more", or a {@link ProtocolException} with one of {@code reasons}: nothing else. */
    private static <T> void decideWithin(MessageFormat<T> format, byte[] bytes, Set<Reason> reasons) {
        Wire.error(format, bytes).ifPresent(e -> assertTrue(reasons.contains(e.reason()), e.reason() + ": " + e.getMessage()));
    }
}
