package vpn.core.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.api.AeadKnownAnswer;
import vpn.api.CipherProvider;
import vpn.api.KnownAnswer;
import vpn.api.Direction;
import vpn.api.SessionCipher;
import vpn.core.testing.Vectors;

/** What a registry offers each mode, what --ciphers keeps, and that a restricted provider is its provider. */
class CipherRegistryOffersTest {

    private static final CipherRegistry ALL = registry(Vectors.secureProviders());

    private static CipherRegistry registry(List<CipherProvider> providers) {
        try {
            return CipherRegistry.ofProviders(providers.toArray(CipherProvider[]::new));
        } catch (RegistryException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> names(List<CipherProvider> providers) {
        return providers.stream().map(CipherProvider::name).toList();
    }

    /** Insecure ciphers (XOR, None) come after the others, whatever their names. */
    @Test
    void theOrderPutsInsecureCiphersLast() {
        assertEquals(List.of("AES", "AES-GCM", "Blowfish", "DES", "None", "XOR"), names(ALL.providers()));
        assertEquals(List.of("DES", "None"), names(registry(List.of(Vectors.provider("None"), Vectors.provider("DES"))).providers()));
        assertEquals(ALL.providers(), ALL.ciphers().stream().map(LoadedCipher::provider).toList());
    }

    @Test
    void classicOffersAllButTheAuthenticatedCiphers() {
        assertEquals(List.of("AES", "Blowfish", "DES", "None", "XOR"), names(ALL.classicOffer()));
    }

    @Test
    void secureModeOffersStrongestFirstAndNoWeakCipherUnlessNamed() throws RegistryException {
        assertEquals(List.of("AES-GCM", "AES", "Blowfish"), names(ALL.secureOffer()));
        Map<String, List<Integer>> named = new LinkedHashMap<>();
        named.put("DES", List.of());
        named.put("AES", List.of());
        assertEquals(List.of("AES", "DES"), names(ALL.restrict(named).secureOffer()));
    }

    @Test
    void findsByExactName() {
        assertEquals(Optional.of(Vectors.provider("AES").name()), ALL.find("AES").map(CipherProvider::name));
        assertEquals(Optional.empty(), ALL.find("Twofish"));
        assertEquals(Optional.empty(), ALL.find("aes"));
    }

    @Test
    void aRegistryIsEmptyOnlyWithoutCiphers() throws RegistryException {
        assertFalse(ALL.isEmpty());
        assertTrue(ALL.restrict(Map.of()).isEmpty());
        assertFalse(ALL.restrict(Map.of("XOR", List.of())).isEmpty());
    }

    @Test
    void restrictRefusesKeySizesTheCipherDoesNotHave() {
        RegistryException e = assertThrows(RegistryException.class, () -> ALL.restrict(Map.of("AES", List.of(100))));
        assertEquals(List.of("AES offers key sizes [128, 192, 256], not [100]"), e.problems());
    }

    /** A restricted provider is its provider with fewer key sizes: everything else is the original's. */
    @Test
    void aRestrictedProviderBehavesAsItsProvider() throws RegistryException {
        for (CipherProvider original : Vectors.secureProviders()) {
            List<Integer> one = List.of(original.keySizes().get(0));
            CipherProvider restricted = ALL.restrict(Map.of(original.name(), one)).providers().get(0);
            String name = original.name();
            assertEquals(one, restricted.keySizes(), name);
            assertEquals(original.blockSize(), restricted.blockSize(), name);
            assertEquals(original.keyLength(one.get(0)), restricted.keyLength(one.get(0)), name);
            assertEquals(original.insecure(), restricted.insecure(), name);
            assertEquals(original.aead(), restricted.aead(), name);
            assertEquals(original.knownAnswers().stream().map(KnownAnswer::source).toList(),
                    restricted.knownAnswers().stream().map(KnownAnswer::source).toList(), name);
            assertEquals(original.aeadKnownAnswers().stream().map(AeadKnownAnswer::source).toList(),
                    restricted.aeadKnownAnswers().stream().map(AeadKnownAnswer::source).toList(), name);
            byte[] key = new byte[original.keyLength(one.get(0))];
            if (original.aead()) {
                assertTrue(restricted.newAead(Direction.ENCRYPT, key) != null, name);
            } else {
                byte[] iv = new byte[original.blockSize()];
                byte[] block = new byte[original.blockSize()];
                SessionCipher mine = restricted.newCipher(Direction.ENCRYPT, key, iv);
                SessionCipher theirs = original.newCipher(Direction.ENCRYPT, key, iv);
                byte[] mineOut = new byte[block.length];
                byte[] theirsOut = new byte[block.length];
                mine.process(block, 0, block.length, mineOut, 0);
                theirs.process(block, 0, block.length, theirsOut, 0);
                assertArrayEquals(theirsOut, mineOut, name);
            }
        }
        assertTrue(ALL.restrict(Map.of("XOR", List.of())).providers().get(0).insecure());
        assertFalse(ALL.restrict(Map.of("AES", List.of())).providers().get(0).insecure());
    }

    @Test
    void restrictKeepsTheModuleAndLocation() throws RegistryException {
        LoadedCipher before = ALL.ciphers().get(0);
        LoadedCipher after = ALL.restrict(Map.of(before.name(), List.of())).ciphers().get(0);
        assertEquals(before.module(), after.module());
        assertEquals(before.location(), after.location());
        assertEquals(before.plugin(), after.plugin());
    }
}
