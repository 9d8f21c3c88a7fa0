package vpn.core.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.testing.Mutations;

/**
 * The server's {@code ChosenCipher:} answer ({@link Choice}): both forms parse back to the suite
 * encoded; any other text is a suite or one of the three documented reasons, never another
 * exception; key sizes have at most five digits.
 */
class ChoiceProperties {

    private static final String ALPHABET = ",:0123456789AESChosenCipher \0\u00e9";
    private static final Set<Reason> REASONS = Set.of(Reason.MALFORMED, Reason.NO_COMMON_CIPHER,
            Reason.NO_COMMON_KEY_EXCHANGE);

    @Provide
    Arbitrary<CipherSuite> suites() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('!', '~').excludeChars(':', '[', ']', ',')
                .ofMinLength(1).ofMaxLength(16);
        return Combinators.combine(names, Arbitraries.integers().between(0, 99_999)).as(CipherSuite::new);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings(),
                Arbitraries.strings().withChars(ALPHABET).ofMaxLength(24).map(s -> Choice.PREFIX + s),
                Arbitraries.of(Choice.NO_COMMON_CIPHER, Choice.NO_COMMON_KEY_EXCHANGE),
                Mutations.ofText(suites().map(Choice::encode), ALPHABET));
    }

    @Property
    void parsingWhatWasEncodedGivesTheSuiteBack(@ForAll("suites") CipherSuite suite) throws ProtocolException {
        assertEquals(suite, Choice.parse(Choice.encode(suite)));
    }

    /** The reference's description writes {@code ChosenCipher:AES:256}; that form is accepted too. */
    @Property
    void theColonFormParsesToo(@ForAll("suites") CipherSuite suite) throws ProtocolException {
        assertEquals(suite, Choice.parse(Choice.PREFIX + suite.name() + ":" + suite.keySize()));
    }

    @Property
    void anyTextIsASuiteOrADocumentedRefusal(@ForAll("texts") String text) {
        try {
            CipherSuite suite = Choice.parse(text);
            assertTrue(text.startsWith(Choice.PREFIX + suite.name()), text);
        } catch (ProtocolException e) {
            assertTrue(REASONS.contains(e.reason()), e.reason() + " for " + text);
        }
    }

    @Property
    void keySizesOfAtMostFiveDigits(@ForAll @IntRange(min = 1, max = Proposal.MAX_KEY_SIZE_DIGITS + 3) int digits)
            throws ProtocolException {
        String text = Choice.PREFIX + "AES," + "9".repeat(digits);
        if (digits <= Proposal.MAX_KEY_SIZE_DIGITS) {
            assertEquals(text, Choice.encode(Choice.parse(text)));
        } else {
            assertEquals(Reason.MALFORMED, assertThrows(ProtocolException.class, () -> Choice.parse(text)).reason());
        }
    }
}
