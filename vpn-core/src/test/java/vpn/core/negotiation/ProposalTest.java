package vpn.core.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vpn.core.ProtocolException;
import vpn.core.testing.Vectors;

class ProposalTest {

    private static final String REFERENCE = "ProposedCiphers:DES:[56],AES:[128,192,256],Blowfish:[112,224,448]";

    @Test
    void encodesTheReferenceTextByteForByte() {
        Proposal proposal = Proposal.of(List.of(
                Vectors.provider("DES"), Vectors.provider("AES"), Vectors.provider("Blowfish")));
        assertEquals(REFERENCE, proposal.encode());
    }

    @Test
    void parsesTheReferenceText() throws ProtocolException {
        Proposal proposal = Proposal.parse(REFERENCE);
        assertEquals(List.of(
                new Offer("DES", List.of(56)),
                new Offer("AES", List.of(128, 192, 256)),
                new Offer("Blowfish", List.of(112, 224, 448))), proposal.offers());
        assertEquals(REFERENCE, proposal.encode());
    }

    @Test
    void parsesTheCapturedProposal() throws ProtocolException {
        String captured = Vectors.ascii(Vectors.capture("C2S").get(0));
        assertEquals(REFERENCE, Proposal.parse(captured).encode());
    }

    @Test
    void keepsUnknownNamesAndEmptyLists() throws ProtocolException {
        Proposal proposal = Proposal.parse("ProposedCiphers:DES3:[192],Foo.Bar:[]");
        assertEquals(List.of(new Offer("DES3", List.of(192)), new Offer("Foo.Bar", List.of())), proposal.offers());
        assertTrue(proposal.offers(new CipherSuite("DES3", 192)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "ProposedCipher:AES:[128]",
        "ProposedCiphers:AES[128]",
        "ProposedCiphers:AES:[128",
        "ProposedCiphers:AES:[128],",
        "ProposedCiphers:AES:[128]AES:[256]",
        "ProposedCiphers::[128]",
        "ProposedCiphers:AES:[12a]",
        "ProposedCiphers:AES:[128,]",
        "ProposedCiphers:AES:[-128]",
        "ProposedCiphers:AES:[1234567]",
        "ProposedCiphers:AES:[128],AES:[256]",
        "ProposedCiphers:A ES:[128]"
    })
    void refusesMalformedProposals(String text) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Proposal.parse(text));
        assertEquals(ProtocolException.Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().startsWith("malformed proposal"), e.getMessage());
    }

    /** The log names the bad key size, cut to 12 characters, and where its list starts. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ProposedCiphers:AES:[12a]                  | bad key size '12a' near character 21",
        "ProposedCiphers:DES:[56],AES:[1234567890ab] | bad key size '1234567890ab' near character 30",
        "ProposedCiphers:AES:[1234567890abc]        | bad key size '1234567890ab...' near character 21",
        "ProposedCiphers:AES:[128,]                 | bad key size '' near character 21",
        "ProposedCiphers:A\u007fS:[128]             | bad cipher name at character 16"
    })
    void malformedProposalsSayWhatAndWhere(String text, String why) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Proposal.parse(text));
        assertEquals("malformed proposal: " + why, e.getMessage());
    }

    @Test
    void offersOnlyTheSizesListedForAName() throws ProtocolException {
        Proposal proposal = Proposal.parse("ProposedCiphers:AES:[128,256],DES:[]");
        assertTrue(proposal.offers(new CipherSuite("AES", 256)));
        assertFalse(proposal.offers(new CipherSuite("AES", 192)));
        assertFalse(proposal.offers(new CipherSuite("DES", 56)));
        assertFalse(proposal.offers(new CipherSuite("Blowfish", 128)));
    }

    @Test
    void refusesTooManyEntries() {
        StringBuilder text = new StringBuilder("ProposedCiphers:");
        for (int i = 0; i <= Proposal.MAX_OFFERS; i++) {
            text.append(i == 0 ? "" : ",").append("C").append(i).append(":[8]");
        }
        assertThrows(ProtocolException.class, () -> Proposal.parse(text.toString()));
    }
}
