package vpn.core.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import vpn.api.CipherProvider;
import vpn.core.negotiation.CipherStrength;

/**
 * The ciphers this side offers, in its order of preference: ciphers that are not
 * {@linkplain CipherProvider#insecure() insecure} first, each group by name. The order decides
 * ties in negotiation and is the order of the proposal, so it must not depend on the order of
 * jars on the module path. Immutable.
 */
public final class CipherRegistry {

    private static final Comparator<LoadedCipher> PREFERENCE =
            Comparator.comparing((LoadedCipher c) -> c.provider().insecure())
                    .thenComparing(LoadedCipher::name, String.CASE_INSENSITIVE_ORDER)
                    .thenComparing(LoadedCipher::name);

    private final List<LoadedCipher> ciphers;
    private final Map<String, CipherProvider> byName;
    /** Ciphers the user named ({@code --ciphers}): offered in secure mode even if weak. */
    private final Set<String> named;

    private CipherRegistry(List<LoadedCipher> ciphers) {
        this(ciphers, Set.of());
    }

    private CipherRegistry(List<LoadedCipher> ciphers, Set<String> named) {
        this.named = Set.copyOf(named);
        List<LoadedCipher> sorted = new ArrayList<>(ciphers);
        sorted.sort(PREFERENCE);
        this.ciphers = List.copyOf(sorted);
        Map<String, CipherProvider> index = new HashMap<>();
        for (LoadedCipher cipher : this.ciphers) {
            index.put(cipher.name(), cipher.provider());
        }
        this.byName = Map.copyOf(index);
    }

    /** The outcome of admitting discovered providers: the registry, and why the others were refused. */
    public record Admission(CipherRegistry registry, List<String> refused) {
        public Admission {
            refused = List.copyOf(refused);
        }
    }

    /**
     * Admits every provider that keeps the {@link CipherProvider} contract and passes its
     * {@linkplain SelfTest self-test}; the others are refused, each with a reason that names its
     * module and jar, and are not offered.
     *
     * @throws RegistryException if two providers offer the same cipher name: which one to trust is
     *     the operator's decision, so the error names both and nothing starts
     */
    public static Admission admit(List<LoadedCipher> candidates) throws RegistryException {
        List<String> conflicts = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        Map<String, LoadedCipher> seen = new HashMap<>();
        List<LoadedCipher> unique = new ArrayList<>();
        // The module path's copy first, so that a plugin folder's copy of the same cipher loses to it.
        List<LoadedCipher> bootFirst = new ArrayList<>(candidates);
        bootFirst.sort(Comparator.comparing(LoadedCipher::plugin));
        for (LoadedCipher cipher : bootFirst) {
            String name = safeName(cipher.provider());
            LoadedCipher earlier = name == null ? null : seen.putIfAbsent(name, cipher);
            if (earlier == null) {
                unique.add(cipher);
            } else if (earlier.plugin() != cipher.plugin()) {
                refused.add("refused the cipher '" + name + "' of " + describe(cipher) + ": " + describe(earlier)
                        + " on the module path offers it too, and that one is used");
            } else {
                conflicts.add("two cipher modules offer the cipher '" + name + "': "
                        + describe(earlier) + " and " + describe(cipher) + "; remove one of them");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new RegistryException(conflicts);
        }
        List<LoadedCipher> admitted = new ArrayList<>();
        for (LoadedCipher cipher : unique) {
            List<String> problems = check(cipher.provider());
            if (problems.isEmpty()) {
                admitted.add(cipher);
            } else {
                refused.add("refused the cipher '" + safeName(cipher.provider()) + "' of " + describe(cipher)
                        + ": " + String.join("; ", problems));
            }
        }
        return new Admission(new CipherRegistry(admitted), refused);
    }

    /**
     * A registry in which every provider must be admitted.
     *
     * @throws RegistryException naming every conflict or refused provider
     */
    public static CipherRegistry of(List<LoadedCipher> ciphers) throws RegistryException {
        Admission admission = admit(ciphers);
        if (!admission.refused().isEmpty()) {
            throw new RegistryException(admission.refused());
        }
        return admission.registry();
    }

    /** The contract first (a provider that advertises nonsense is not run), then the self-test. */
    private static List<String> check(CipherProvider provider) {
        try {
            List<String> problems = ProviderCheck.problems(provider);
            return problems.isEmpty() ? SelfTest.failures(provider) : problems;
        } catch (RuntimeException e) {
            return List.of("it threw " + e);
        }
    }

    private static String safeName(CipherProvider provider) {
        try {
            return provider.name();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** For tests and embedding: providers given directly rather than discovered. */
    public static CipherRegistry ofProviders(CipherProvider... providers) throws RegistryException {
        return of(java.util.Arrays.stream(providers).map(LoadedCipher::of).toList());
    }

    /**
     * This registry cut down to some ciphers and key sizes, in the same order.
     *
     * @param allowed cipher name to the key sizes wanted; an empty list means all of its sizes
     * @throws RegistryException if a name or size is not offered here, listing what is
     */
    public CipherRegistry restrict(Map<String, List<Integer>> allowed) throws RegistryException {
        List<String> problems = new ArrayList<>();
        List<LoadedCipher> kept = new ArrayList<>();
        for (var entry : allowed.entrySet()) {
            CipherProvider provider = byName.get(entry.getKey());
            if (provider == null) {
                problems.add("no cipher named '" + entry.getKey() + "' (available: "
                        + ciphers.stream().map(LoadedCipher::name).toList() + ")");
                continue;
            }
            List<Integer> sizes = entry.getValue().isEmpty() ? provider.keySizes() : entry.getValue();
            if (!provider.keySizes().containsAll(sizes)) {
                problems.add(provider.name() + " offers key sizes " + provider.keySizes() + ", not " + sizes);
                continue;
            }
            LoadedCipher original = ciphers.stream().filter(c -> c.provider() == provider).findFirst().orElseThrow();
            kept.add(new LoadedCipher(new RestrictedProvider(provider, sizes), original.module(), original.location(),
                    original.plugin()));
        }
        if (!problems.isEmpty()) {
            throw new RegistryException(problems);
        }
        return new CipherRegistry(kept, allowed.keySet());
    }

    static String describe(LoadedCipher cipher) {
        return "module " + cipher.module() + " (" + cipher.location() + ")";
    }

    /** The ciphers in preference order. */
    public List<LoadedCipher> ciphers() {
        return ciphers;
    }

    /** The providers in preference order. */
    public List<CipherProvider> providers() {
        return ciphers.stream().map(LoadedCipher::provider).toList();
    }

    /**
     * What the classic protocol offers: the providers in preference order but the authenticated
     * ciphers (AES-GCM), which only secure mode's records carry.
     */
    public List<CipherProvider> classicOffer() {
        return providers().stream().filter(p -> !p.aead()).toList();
    }

    /**
     * What secure mode offers, strongest first: every cipher but the {@linkplain CipherStrength#weak
     * weak} ones (DES, XOR, None), which only a user who names them with {@code --ciphers} gets.
     */
    public List<CipherProvider> secureOffer() {
        return ciphers.stream().map(LoadedCipher::provider)
                .filter(p -> !CipherStrength.weak(p) || named.contains(p.name()))
                .sorted(CipherStrength.STRONGEST_FIRST)
                .toList();
    }

    public Optional<CipherProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isEmpty() {
        return ciphers.isEmpty();
    }
}
