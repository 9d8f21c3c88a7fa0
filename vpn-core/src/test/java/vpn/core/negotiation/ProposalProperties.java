package vpn.core.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static vpn.core.negotiation.Proposal.MAX_BYTES;
import static vpn.core.negotiation.Proposal.MAX_KEY_SIZE_DIGITS;
import static vpn.core.negotiation.Proposal.MAX_OFFERS;
import static vpn.core.negotiation.Proposal.MAX_SIZES_PER_OFFER;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.testing.Mutations;
import vpn.core.testing.Wire;

/**
 * The client's {@code ProposedCiphers:} message ({@link Proposal}, read by {@link ProposalFormat}):
 * what the encoder writes parses back to the same proposal; any other text is a proposal or
 * {@link Reason#MALFORMED}, never another exception; the limits hold exactly at their edges.
 */
class ProposalProperties {

    /** Characters worth putting into a damaged proposal: its separators, digits, and a few strangers. */
    private static final String ALPHABET = ":[],0123456789AESXecure-Mod. \t\0\u00e9\u2028]";

    @Provide
    Arbitrary<Proposal> proposals() {
        // A name is anything printable but the separators: names of unknown ciphers stay legal.
        Arbitrary<String> names = Arbitraries.strings().withCharRange('!', '~').excludeChars(':', '[', ']', ',')
                .ofMinLength(1).ofMaxLength(16);
        Arbitrary<List<Integer>> sizes = Arbitraries.integers().between(0, 99_999).list().ofMaxSize(MAX_SIZES_PER_OFFER);
        return Combinators.combine(names, sizes).as(Offer::new)
                .list().ofMaxSize(MAX_OFFERS).uniqueElements(Offer::name)
                .map(Proposal::new);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(
                Arbitraries.strings(),
                Arbitraries.strings().withChars(ALPHABET).ofMaxLength(60).map(s -> Proposal.PREFIX + s),
                Mutations.ofText(proposals().map(Proposal::encode), ALPHABET));
    }

    @Property
    void parsingWhatWasEncodedGivesTheProposalBack(@ForAll("proposals") Proposal proposal) throws ProtocolException {
        assertEquals(proposal, Proposal.parse(proposal.encode()));
    }

    @Property
    void anyTextIsAProposalOrMalformed(@ForAll("texts") String text) {
        try {
            Proposal proposal = Proposal.parse(text);
            assertEquals(proposal, Proposal.parse(proposal.encode()));
        } catch (ProtocolException e) {
            assertEquals(Reason.MALFORMED, e.reason());
        }
    }

    /** The server's reader: on any bytes at all, a verdict or a malformed proposal, and never an exception from the format itself. */
    @Property
    void theFormatGivesAVerdictOnAnyBytes(@ForAll("texts") String text, @ForAll byte[] junk) {
        for (byte[] bytes : List.of(text.getBytes(StandardCharsets.UTF_8), junk)) {
            Wire.error(ProposalFormat.format(), bytes).ifPresent(e -> assertEquals(Reason.MALFORMED, e.reason()));
        }
    }

    /** A proposal (of one entry or more: an empty one never ends) split anywhere into segments reads as the whole. */
    @Property(tries = 300)
    void aProposalCutIntoSegmentsReadsWhole(@ForAll("proposals") Proposal proposal, @ForAll int[] cuts)
            throws Exception {
        Assume.that(!proposal.offers().isEmpty());
        byte[] bytes = proposal.toBytes();
        assertEquals(proposal, Wire.read(bytes, cuts, ProposalFormat.format(), bytes.length).proposal());
    }

    @Property
    void atMostMaxOffersEntries(@ForAll @IntRange(min = MAX_OFFERS - 2, max = MAX_OFFERS + 2) int count) {
        List<Offer> offers = IntStream.range(0, count).mapToObj(i -> new Offer("C" + i, List.of(128))).toList();
        assertAcceptedUpTo(MAX_OFFERS, count, new Proposal(offers).encode());
    }

    @Property
    void atMostMaxSizesPerEntry(@ForAll @IntRange(min = MAX_SIZES_PER_OFFER - 2, max = MAX_SIZES_PER_OFFER + 2) int count) {
        assertAcceptedUpTo(MAX_SIZES_PER_OFFER, count,
                new Proposal(List.of(new Offer("AES", Collections.nCopies(count, 256)))).encode());
    }

    @Property
    void keySizesOfAtMostFiveDigits(@ForAll @IntRange(min = 1, max = MAX_KEY_SIZE_DIGITS + 3) int digits) {
        assertAcceptedUpTo(MAX_KEY_SIZE_DIGITS, digits, Proposal.PREFIX + "AES:[" + "9".repeat(digits) + "]");
    }

    /** The server reads at most {@link Proposal#MAX_BYTES}: a valid proposal one byte longer is oversize. */
    @Property
    void theServerReadsAtMostMaxBytes(@ForAll @IntRange(min = MAX_BYTES - 2, max = MAX_BYTES + 2) int length)
            throws Exception {
        String entryEnd = ":[256]";
        String proposal = Proposal.PREFIX + "A".repeat(length - Proposal.PREFIX.length() - entryEnd.length()) + entryEnd;
        byte[] bytes = proposal.getBytes(StandardCharsets.US_ASCII);
        assertEquals(length, bytes.length);
        if (length <= MAX_BYTES) {
            assertEquals(proposal, Wire.read(bytes, ProposalFormat.format(), MAX_BYTES).proposal().encode());
        } else {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> Wire.read(bytes, ProposalFormat.format(), MAX_BYTES));
            assertEquals(Reason.OVERSIZE, e.reason());
        }
    }

    private static void assertAcceptedUpTo(int limit, int value, String text) {
        if (value <= limit) {
            assertEquals(text, parse(text).encode());
        } else {
            assertEquals(Reason.MALFORMED, assertThrows(ProtocolException.class, () -> Proposal.parse(text)).reason());
        }
    }

    private static Proposal parse(String text) {
        try {
            return Proposal.parse(text);
        } catch (ProtocolException e) {
            throw new AssertionError(text + " was refused: " + e.getMessage(), e);
        }
    }
}
