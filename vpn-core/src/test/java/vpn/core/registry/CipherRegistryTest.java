package vpn.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vpn.api.AeadCipher;
import vpn.api.AeadKnownAnswer;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;
import vpn.core.testing.Vectors;

class CipherRegistryTest {

    /** A provider under test: AES's engine, with whatever name, sizes and vectors a test gives it. */
    private static CipherProvider fake(String name, List<Integer> sizes, List<KnownAnswer> vectors) {
        CipherProvider aes = Vectors.provider("AES");
        return new CipherProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Integer> keySizes() {
                return sizes;
            }

            @Override
            public int blockSize() {
                return 16;
            }

            @Override
            public List<KnownAnswer> knownAnswers() {
                return vectors;
            }

            @Override
            public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
                return aes.newCipher(direction, key, iv);
            }
        };
    }

    private static CipherRegistry.Admission admit(CipherProvider... providers) throws RegistryException {
        return CipherRegistry.admit(Arrays.stream(providers).map(LoadedCipher::of).toList());
    }

    @Test
    void everyShippedProviderPassesItsSelfTest() {
        for (CipherProvider provider : Vectors.secureProviders()) {
            assertEquals(List.of(), SelfTest.failures(provider), provider.name());
        }
    }

    @Test
    void orderIsSecureFirstThenByNameWhateverTheDiscoveryOrder() throws RegistryException {
        List<CipherProvider> reversed = new ArrayList<>(Vectors.allProviders());
        Collections.reverse(reversed);
        CipherRegistry registry = CipherRegistry.ofProviders(reversed.toArray(CipherProvider[]::new));
        assertEquals(List.of("AES", "Blowfish", "DES", "None", "XOR"),
                registry.providers().stream().map(CipherProvider::name).toList());
    }

    @Test
    void aProviderWhoseVectorsFailIsRefusedAndTheOthersStay() throws RegistryException {
        KnownAnswer wrong = KnownAnswer.ofHex("made up", "2b7e151628aed2a6abf7158809cf4f3c",
                "000102030405060708090a0b0c0d0e0f", "00".repeat(32), "11".repeat(32));
        CipherRegistry.Admission admission = admit(Vectors.provider("DES"), fake("Broken", List.of(128), List.of(wrong)));
        assertEquals(List.of("DES"), admission.registry().providers().stream().map(CipherProvider::name).toList());
        assertEquals(1, admission.refused().size());
        String reason = admission.refused().get(0);
        assertTrue(reason.contains("refused the cipher 'Broken'")
                && reason.contains("vector made up: encryption gives the wrong ciphertext"), reason);
    }

    /** An authenticated cipher wrapping AES-GCM whose vectors or opening can be made wrong. */
    private static CipherProvider fakeAead(String name, List<AeadKnownAnswer> vectors, boolean opensAnything) {
        CipherProvider gcm = Vectors.provider("AES-GCM");
        return new CipherProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<Integer> keySizes() {
                return List.of(128);
            }

            @Override
            public int blockSize() {
                return 16;
            }

            @Override
            public List<KnownAnswer> knownAnswers() {
                return List.of();
            }

            @Override
            public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean aead() {
                return true;
            }

            @Override
            public List<AeadKnownAnswer> aeadKnownAnswers() {
                return vectors;
            }

            @Override
            public AeadCipher newAead(Direction direction, byte[] key) {
                AeadCipher real = gcm.newAead(direction, key);
                return new AeadCipher() {
                    @Override
                    public void seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int length, byte[] out, int outOff) {
                        real.seal(nonce, aad, in, inOff, length, out, outOff);
                    }

                    @Override
                    public boolean open(byte[] nonce, byte[] aad, byte[] in, int inOff, int length, byte[] out, int outOff) {
                        // A broken implementation that skips the tag check: decrypts whatever came.
                        return real.open(nonce, aad, in, inOff, length, out, outOff) || opensAnything;
                    }
                };
            }
        };
    }

    @Test
    void anAuthenticatedCipherMustSealItsVectorsAndRefuseChangedBytes() throws RegistryException {
        List<AeadKnownAnswer> good = Vectors.provider("AES-GCM").aeadKnownAnswers();
        AeadKnownAnswer wrongTag = AeadKnownAnswer.ofHex("made up", "00".repeat(16), "00".repeat(12), "",
                "00".repeat(16), "0388dace60b6a392f328c2b971b2fe78" + "00".repeat(16));
        assertRefused(fakeAead("WrongTag", List.of(wrongTag), false), "vector made up: sealing gives the wrong bytes");
        assertRefused(fakeAead("NoCheck", good, true), "a changed byte still opens");
        assertRefused(fakeAead("NoVectors", List.of(), false), "ships no known-answer vectors");
        assertEquals(1, admit(fakeAead("Fine", good, false)).registry().providers().size());
    }

    @Test
    void nonsenseIsRefusedWithTheReason() throws RegistryException {
        List<KnownAnswer> good = Vectors.provider("AES").knownAnswers();
        assertRefused(fake("NoSizes", List.of(), good), "advertises no key sizes");
        assertRefused(fake("Negative", List.of(-128), good), "key size -128 is not between 8 and 512 bits");
        assertRefused(fake("Twice", List.of(128, 128), good), "key sizes [128, 128] repeat");
        assertRefused(fake("Bad:Name", List.of(128), good), "name 'Bad:Name' is not");
        assertRefused(fake("NoVectors", List.of(128), List.of()), "ships no known-answer vectors");
        assertRefused(fake("WrongSize", List.of(128, 160), good), "key size 160 threw");
        // The secure-mode signal's names are reserved, in any case, present and future versions.
        assertRefused(fake("SecureModeV2", List.of(128), good), "name 'SecureModeV2' is reserved");
        assertRefused(fake("securemodeV9", List.of(128), good), "name 'securemodeV9' is reserved");
    }

    private static void assertRefused(CipherProvider provider, String reason) throws RegistryException {
        CipherRegistry.Admission admission = admit(provider);
        assertTrue(admission.registry().isEmpty());
        assertTrue(admission.refused().get(0).contains(reason), admission.refused().get(0));
    }

    @Test
    void twoProvidersOfOneNameAreAStartUpErrorNamingBoth() {
        RegistryException e = assertThrows(RegistryException.class,
                () -> admit(Vectors.provider("AES"), fake("AES", List.of(128), List.of())));
        assertTrue(e.getMessage().startsWith("two cipher modules offer the cipher 'AES': module "), e.getMessage());
        assertTrue(e.getMessage().contains(" and module "), e.getMessage());
    }

    @Test
    void restrictKeepsOrderAndRefusesWhatIsNotInstalled() throws RegistryException {
        CipherRegistry all = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        CipherRegistry some = all.restrict(Map.of("DES", List.of(), "AES", List.of(128)));
        assertEquals(List.of(List.of(128), List.of(56)), some.providers().stream().map(CipherProvider::keySizes).toList());
        RegistryException e = assertThrows(RegistryException.class, () -> all.restrict(Map.of("Twofish", List.of())));
        assertTrue(e.getMessage().contains("no cipher named 'Twofish'"), e.getMessage());
    }
}
