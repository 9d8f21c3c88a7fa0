package vpn.core.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import vpn.api.CipherProvider;

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

    private CipherRegistry(List<LoadedCipher> ciphers) {
        List<LoadedCipher> sorted = new ArrayList<>(ciphers);
        sorted.sort(PREFERENCE);
        this.ciphers = List.copyOf(sorted);
        Map<String, CipherProvider> index = new HashMap<>();
        for (LoadedCipher cipher : this.ciphers) {
            index.put(cipher.name(), cipher.provider());
        }
        this.byName = Map.copyOf(index);
    }

    /**
     * A registry of providers that all keep the contract and have distinct names.
     *
     * @throws RegistryException naming every conflict or broken provider
     */
    public static CipherRegistry of(List<LoadedCipher> ciphers) throws RegistryException {
        List<String> problems = new ArrayList<>();
        Map<String, LoadedCipher> seen = new HashMap<>();
        for (LoadedCipher cipher : ciphers) {
            for (String problem : ProviderCheck.problems(cipher.provider())) {
                problems.add(describe(cipher) + ": " + problem);
            }
            LoadedCipher earlier = seen.putIfAbsent(cipher.name(), cipher);
            if (earlier != null) {
                problems.add("two providers offer the cipher '" + cipher.name() + "': "
                        + describe(earlier) + " and " + describe(cipher));
            }
        }
        if (!problems.isEmpty()) {
            throw new RegistryException(problems);
        }
        return new CipherRegistry(ciphers);
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
            kept.add(new LoadedCipher(new RestrictedProvider(provider, sizes), original.module(), original.location()));
        }
        if (!problems.isEmpty()) {
            throw new RegistryException(problems);
        }
        return new CipherRegistry(kept);
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

    public Optional<CipherProvider> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public boolean isEmpty() {
        return ciphers.isEmpty();
    }
}
