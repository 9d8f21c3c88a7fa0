package vpn.core.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.core.ProtocolException;
import vpn.core.testing.Vectors;

class SelectionTest {

    private static final String CLIENT = "ProposedCiphers:DES:[56],AES:[128,192,256],Blowfish:[112,224,448]";

    private static CipherProvider aes(Integer... sizes) {
        return Vectors.restricted(Vectors.provider("AES"), sizes);
    }

    private static CipherProvider blowfish(Integer... sizes) {
        return Vectors.restricted(Vectors.provider("Blowfish"), sizes);
    }

    private static Optional<CipherSuite> select(List<CipherProvider> server, String proposal) throws ProtocolException {
        return Selection.select(server, Proposal.parse(proposal));
    }

    @Test
    void referenceExamples() throws ProtocolException {
        assertEquals(Optional.of(new CipherSuite("AES", 128)), select(List.of(aes(128)), CLIENT));
        assertEquals(Optional.of(new CipherSuite("Blowfish", 448)), select(List.of(aes(256), blowfish(224, 448)), CLIENT));
        assertEquals(Optional.of(new CipherSuite("AES", 256)), select(List.of(aes(128, 256), blowfish(112, 224)), CLIENT));
    }

    @Test
    void noCommonCipher() throws ProtocolException {
        assertEquals(Optional.empty(), select(List.of(aes(128)), "ProposedCiphers:AES:[256],DES:[56]"));
        assertEquals(Optional.empty(), select(List.of(aes(128)), "ProposedCiphers:Twofish:[128]"));
    }

    @Test
    void tiesGoToTheServersOrder() throws ProtocolException {
        CipherProvider xor = Vectors.provider("XOR");
        CipherProvider none = Vectors.provider("None");
        String proposal = "ProposedCiphers:None:[256],XOR:[256]";
        assertEquals("XOR", select(List.of(xor, none), proposal).orElseThrow().name());
        assertEquals("None", select(List.of(none, xor), proposal).orElseThrow().name());
    }

    @Test
    void insecureCiphersLoseToAnySecureOneWhateverTheKeySize() throws ProtocolException {
        List<CipherProvider> server = Vectors.allProviders();
        String proposal = "ProposedCiphers:XOR:[256],None:[256],DES:[56]";
        assertEquals(Optional.of(new CipherSuite("DES", 56)), select(server, proposal));
    }

    @Test
    void insecureCiphersWinWhenNothingElseIsShared() throws ProtocolException {
        List<CipherProvider> server = Vectors.allProviders();
        assertEquals(Optional.of(new CipherSuite("XOR", 256)), select(server, "ProposedCiphers:None:[256],XOR:[256]"));
        assertEquals(Optional.of(new CipherSuite("None", 256)), select(server, "ProposedCiphers:None:[256]"));
    }
}
