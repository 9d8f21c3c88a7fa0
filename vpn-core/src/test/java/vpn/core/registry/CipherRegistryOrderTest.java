package vpn.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;
import vpn.core.testing.Vectors;

/**
 * The registry's order (secure ciphers before insecure ones whatever their names, then by name
 * ignoring case, then exactly) and which copy of a cipher wins when the module path and a plugin
 * folder both have it.
 */
class CipherRegistryOrderTest {

    /** AES's engine and vectors under another name, insecure or not. */
    private static CipherProvider named(String name, boolean insecure) {
        CipherProvider aes = Vectors.provider("AES");
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
            public boolean insecure() {
                return insecure;
            }

            @Override
            public List<KnownAnswer> knownAnswers() {
                return aes.knownAnswers().stream().filter(v -> v.key().length == 16).toList();
            }

            @Override
            public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
                return aes.newCipher(direction, key, iv);
            }
        };
    }

    private static LoadedCipher loaded(CipherProvider provider, String module, boolean plugin) {
        return new LoadedCipher(provider, module, module + ".jar", plugin);
    }

    @Test
    void insecureCiphersComeLastEvenWhenTheirNamesSortFirst() throws RegistryException {
        CipherRegistry registry = CipherRegistry.ofProviders(named("Aaa", true), named("zeta", false), named("Beta", false),
                named("ZZ", false), named("alpha", false));
        assertEquals(List.of("alpha", "Beta", "zeta", "ZZ", "Aaa"),
                registry.providers().stream().map(CipherProvider::name).toList());
    }

    /** Names that differ only in case keep one order however they were found: upper case first. */
    @Test
    void namesEqualButForCaseAreOrderedExactly() throws RegistryException {
        List<String> order = List.of("AES2", "Aes2", "aes2");
        for (List<String> found : List.of(List.of("aes2", "Aes2", "AES2"), List.of("Aes2", "AES2", "aes2"))) {
            CipherRegistry registry = CipherRegistry.ofProviders(found.stream().map(n -> named(n, false))
                    .toArray(CipherProvider[]::new));
            assertEquals(order, registry.providers().stream().map(CipherProvider::name).toList());
        }
    }

    /** A restricted cipher still says where it came from: its own module and jar, not another cipher's. */
    @Test
    void aRestrictedCipherKeepsItsOwnOrigin() throws RegistryException {
        CipherRegistry registry = CipherRegistry.admit(List.of(loaded(named("First", false), "cipher.first", false),
                loaded(named("Second", false), "cipher.second", true))).registry();
        LoadedCipher second = registry.restrict(java.util.Map.of("Second", List.of())).ciphers().get(0);
        assertEquals("Second", second.name());
        assertEquals("cipher.second", second.module());
        assertEquals("cipher.second.jar", second.location());
        assertEquals(true, second.plugin());
    }

    /**
     * The vectors run in two calls split at a block boundary, as sessions do: a provider whose CBC
     * chain starts again at every call (so every message after the first is wrong) is refused.
     */
    @Test
    void aProviderWhoseChainDoesNotCarryOverBetweenCallsIsRefused() throws RegistryException {
        CipherProvider aes = Vectors.provider("AES");
        CipherProvider restarting = new CipherProvider() {
            @Override
            public String name() {
                return "Restarting";
            }

            @Override
            public List<Integer> keySizes() {
                return aes.keySizes();
            }

            @Override
            public int blockSize() {
                return 16;
            }

            @Override
            public List<KnownAnswer> knownAnswers() {
                return aes.knownAnswers();
            }

            @Override
            public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
                return (in, inOffset, length, out, outOffset) ->
                        aes.newCipher(direction, key, iv).process(in, inOffset, length, out, outOffset);
            }
        };
        CipherRegistry.Admission admission = CipherRegistry.admit(List.of(LoadedCipher.of(restarting)));
        assertEquals(List.of(), admission.registry().providers());
        assertEquals(true, admission.refused().get(0).contains(": encryption gives the wrong ciphertext"),
                admission.refused().get(0));
    }

    /** A provider that throws where it should answer is refused with what it threw, and the others stay. */
    @Test
    void aProviderThatThrowsIsRefusedWithWhatItThrew() throws RegistryException {
        CipherProvider good = named("Good", false);
        CipherProvider nameless = new CipherProvider() {
            @Override
            public String name() {
                throw new IllegalStateException("no name yet");
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
                return good.knownAnswers();
            }

            @Override
            public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
                return good.newCipher(direction, key, iv);
            }
        };
        CipherProvider noVectors = new CipherProvider() {
            @Override
            public String name() {
                return "NoVectors";
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
                throw new IllegalStateException("vectors not found");
            }

            @Override
            public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
                return good.newCipher(direction, key, iv);
            }
        };
        CipherRegistry.Admission admission = CipherRegistry.admit(List.of(loaded(good, "cipher.good", false),
                loaded(nameless, "cipher.nameless", false), loaded(noVectors, "cipher.novectors", false)));
        assertEquals(List.of("Good"), admission.registry().providers().stream().map(CipherProvider::name).toList());
        assertEquals(List.of(
                "refused the cipher 'null' of module cipher.nameless (cipher.nameless.jar): it threw "
                        + "java.lang.IllegalStateException: no name yet",
                "refused the cipher 'NoVectors' of module cipher.novectors (cipher.novectors.jar): knownAnswers() threw "
                        + "java.lang.IllegalStateException: vectors not found"), admission.refused());
    }

    /** The module path's copy is used whatever the discovery order; the plugin folder's is refused, named. */
    @Test
    void theModulePathsCopyOfACipherWinsOverAPluginFoldersCopy() throws RegistryException {
        CipherProvider fromPath = named("Twin", false);
        CipherProvider fromFolder = named("Twin", false);
        LoadedCipher path = loaded(fromPath, "cipher.twin", false);
        LoadedCipher folder = loaded(fromFolder, "cipher.twin.plugin", true);
        for (List<LoadedCipher> found : List.of(List.of(folder, path), List.of(path, folder))) {
            CipherRegistry.Admission admission = CipherRegistry.admit(found);
            assertSame(fromPath, admission.registry().find("Twin").orElseThrow());
            assertEquals(List.of("refused the cipher 'Twin' of module cipher.twin.plugin (cipher.twin.plugin.jar): "
                    + "module cipher.twin (cipher.twin.jar) on the module path offers it too, and that one is used"),
                    admission.refused());
        }
    }
}
