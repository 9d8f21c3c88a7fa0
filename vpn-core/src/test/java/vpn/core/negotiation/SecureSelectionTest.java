package vpn.core.negotiation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;
import vpn.core.ProtocolException;

/**
 * Secure mode's choice ({@link Selection#selectSecure}) and the ranking behind it
 * ({@link CipherStrength}): strength classes at their boundaries (112-bit keys, 8- and 16-byte
 * blocks), key size within a class, the server's order for ties; and classic mode's refusal of
 * authenticated ciphers. The providers are stand-ins that declare only what the ranking reads.
 */
class SecureSelectionTest {

    /** A provider that only declares its shape; the ranking never encrypts. */
    private record Declared(String name, List<Integer> keySizes, int blockSize, boolean insecure, boolean aead)
            implements CipherProvider {
        @Override
        public List<KnownAnswer> knownAnswers() {
            return List.of();
        }

        @Override
        public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
            throw new UnsupportedOperationException();
        }
    }

    private static CipherProvider block(String name, int blockSize, Integer... sizes) {
        return new Declared(name, List.of(sizes), blockSize, false, false);
    }

    private static final CipherProvider GCM = new Declared("AES-GCM", List.of(128, 256), 16, false, true);
    private static final CipherProvider AES = block("AES", 16, 128, 192, 256);
    private static final CipherProvider CAMELLIA = block("Camellia", 16, 128, 256);
    private static final CipherProvider BLOWFISH = block("Blowfish", 8, 112, 224, 448);
    private static final CipherProvider DES = block("DES", 8, 56);
    private static final CipherProvider XOR = new Declared("XOR", List.of(256), 1, true, false);

    /** The client offers every size of every provider given. */
    private static Proposal offering(CipherProvider... providers) {
        return Proposal.of(List.of(providers));
    }

    private static Optional<CipherSuite> secure(List<CipherProvider> server, Proposal proposal) {
        return Selection.selectSecure(server, proposal);
    }

    @Test
    void theAuthenticatedCipherBeatsEveryOtherClassWhateverTheOrder() {
        List<CipherProvider> all = List.of(XOR, DES, BLOWFISH, AES, GCM);
        assertEquals(Optional.of(new CipherSuite("AES-GCM", 256)), secure(all, offering(XOR, DES, BLOWFISH, AES, GCM)));
        assertEquals(Optional.of(new CipherSuite("AES-GCM", 256)), secure(all.reversed(), offering(GCM, AES)));
    }

    @Test
    void aWideBlockBeatsANarrowOneWithALongerKey() {
        assertEquals(Optional.of(new CipherSuite("AES", 256)), secure(List.of(BLOWFISH, AES), offering(BLOWFISH, AES)));
        assertEquals(Optional.of(new CipherSuite("AES", 128)), secure(List.of(BLOWFISH, AES),
                new Proposal(List.of(new Offer("Blowfish", List.of(448)), new Offer("AES", List.of(128))))));
    }

    @Test
    void aNarrowBlockBeatsAShortKeyAndByteWiseCiphersComeLast() {
        assertEquals(Optional.of(new CipherSuite("Blowfish", 112)),
                secure(List.of(XOR, DES, BLOWFISH), new Proposal(List.of(new Offer("XOR", List.of(256)),
                        new Offer("DES", List.of(56)), new Offer("Blowfish", List.of(112))))));
        assertEquals(Optional.of(new CipherSuite("DES", 56)), secure(List.of(XOR, DES), offering(XOR, DES)));
        assertEquals(Optional.of(new CipherSuite("XOR", 256)), secure(List.of(XOR, DES), offering(XOR)));
    }

    @Test
    void withinAClassTheLongestKeyWinsAndTiesGoToTheServersOrder() {
        assertEquals(Optional.of(new CipherSuite("Camellia", 256)),
                secure(List.of(AES, CAMELLIA), new Proposal(List.of(new Offer("AES", List.of(128, 192)),
                        new Offer("Camellia", List.of(128, 256))))));
        assertEquals(Optional.of(new CipherSuite("AES", 256)), secure(List.of(AES, CAMELLIA), offering(CAMELLIA, AES)));
        assertEquals(Optional.of(new CipherSuite("Camellia", 256)), secure(List.of(CAMELLIA, AES), offering(AES, CAMELLIA)));
    }

    @Test
    void onlySizesBothSidesHaveAreChosen() {
        Proposal sizes128 = new Proposal(List.of(new Offer("AES", List.of(128, 512))));
        assertEquals(Optional.of(new CipherSuite("AES", 128)), secure(List.of(AES), sizes128));
        assertEquals(Optional.empty(), secure(List.of(AES), new Proposal(List.of(new Offer("AES", List.of(64))))));
        assertEquals(Optional.empty(), secure(List.of(AES), offering(CAMELLIA)));
        assertEquals(Optional.empty(), secure(List.of(), offering(AES)));
    }

    /** Classic records are CBC: an authenticated cipher is never classic's choice, even when both sides offer it. */
    @Test
    void classicModeNeverChoosesTheAuthenticatedCipher() {
        assertEquals(Optional.empty(), Selection.select(List.of(GCM), offering(GCM)));
        assertEquals(Optional.of(new CipherSuite("AES", 128)),
                Selection.select(List.of(GCM, AES), new Proposal(List.of(new Offer("AES-GCM", List.of(256)),
                        new Offer("AES", List.of(128))))));
    }

    // --- CipherStrength at its boundaries ---

    @ParameterizedTest(name = "largest key {0} bits: weak {1}")
    @CsvSource({"56, true", "111, true", "112, false", "113, false"})
    void aCipherIsWeakWhenEveryKeyIsShorterThan112Bits(int size, boolean weak) {
        assertEquals(weak, CipherStrength.weak(block("C", 16, 40, size)));
        assertEquals(weak ? 0 : 2, CipherStrength.blockClass(block("C", 16, 40, size)));
    }

    @Test
    void anInsecureCipherIsWeakWhateverItsKeys() {
        assertTrue(CipherStrength.weak(XOR));
        assertEquals(-1, CipherStrength.blockClass(XOR));
        assertEquals(-1, CipherStrength.blockClass(new Declared("Fake", List.of(256), 16, true, true)));
    }

    @ParameterizedTest(name = "{0}-byte blocks")
    @ValueSource(ints = {1, 4, 7, 8, 15, 16, 32})
    void theBlockClassFollowsTheBlockSize(int blockSize) {
        int expected = blockSize >= 16 ? 2 : blockSize >= 8 ? 1 : 0;
        assertEquals(expected, CipherStrength.blockClass(block("C", blockSize, 256)));
        assertEquals(3, CipherStrength.blockClass(new Declared("G", List.of(256), blockSize, false, true)),
                "authenticated ciphers rank first whatever their block");
    }

    @Test
    void strongestFirstSortsByClassThenLargestKey() {
        CipherProvider aes128 = block("AES128", 16, 128);
        List<CipherProvider> sorted = new ArrayList<>(List.of(XOR, DES, aes128, BLOWFISH, AES, GCM));
        sorted.sort(CipherStrength.STRONGEST_FIRST);
        assertEquals(List.of(GCM, AES, aes128, BLOWFISH, DES, XOR), sorted);
    }

    // --- The secure-mode signal ---

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"SecureModeV2", "SecureModeV1", "securemode", "SECUREMODEV3", "SecureMode"})
    void everyNameBeginningSecureModeIsReserved(String name) {
        assertTrue(SecureModeSignal.reserved(name));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"SecureMod", "XSecureMode", "AES", ""})
    void otherNamesAreNotReserved(String name) {
        assertFalse(SecureModeSignal.reserved(name));
    }

    @Test
    void noNameIsNotReserved() {
        assertFalse(SecureModeSignal.reserved(null));
    }

    @Test
    void theSignalGoesLastAndComesOffAgain() throws ProtocolException {
        Proposal ciphers = offering(AES, BLOWFISH);
        Proposal signalled = SecureModeSignal.append(ciphers, List.of(25519, 8192));
        assertEquals("ProposedCiphers:AES:[128,192,256],Blowfish:[112,224,448],SecureModeV2:[25519,8192]",
                signalled.encode());
        assertEquals(Optional.of(List.of(25519, 8192)), SecureModeSignal.keyExchanges(signalled));
        assertEquals(Optional.empty(), SecureModeSignal.keyExchanges(ciphers));
        assertEquals(ciphers, SecureModeSignal.ciphersOf(signalled));
        Proposal first = Proposal.parse("ProposedCiphers:SecureModeV2:[8192],SecureModeV1:[1],AES:[128]");
        assertEquals(Optional.of(List.of(8192)), SecureModeSignal.keyExchanges(first));
        assertEquals("ProposedCiphers:SecureModeV1:[1],AES:[128]", SecureModeSignal.ciphersOf(first).encode());
    }
}
