package vpn.core.registry;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import vpn.api.CipherProvider;

/**
 * Finds every {@link CipherProvider} on the module path (and, for embedding, the class path)
 * with {@link ServiceLoader}. Defensive, like SLF4J's binding discovery: a provider that fails to
 * load is skipped and reported, so one broken jar does not take the others down.
 */
public final class ProviderDiscovery {

    /** What discovery found: the providers that loaded, and why the others did not. */
    public record Result(List<LoadedCipher> loaded, List<String> failures) {
        public Result {
            loaded = List.copyOf(loaded);
            failures = List.copyOf(failures);
        }
    }

    private ProviderDiscovery() {
    }

    /** Loads the providers visible to this module. */
    public static Result discover() {
        List<LoadedCipher> loaded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<CipherProvider> providers = ServiceLoader.load(CipherProvider.class).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                loaded.add(LoadedCipher.of(providers.next()));
            } catch (ServiceConfigurationError | RuntimeException e) {
                failures.add("a cipher provider failed to load: " + e.getMessage());
            }
        }
        return new Result(loaded, failures);
    }
}
