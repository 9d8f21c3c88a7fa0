package vpn.core.registry;

import vpn.api.CipherProvider;
import vpn.core.plugin.Discovery;

/**
 * A provider as the registry holds it, with where it came from (for {@code vpn ciphers} and for
 * error messages that must name both sides of a conflict).
 *
 * @param module the provider's module name, or {@code "(class path)"} for an unnamed module
 * @param location the jar or folder it was loaded from, or {@code "(unknown)"}
 * @param plugin true if it was loaded from a plugin folder rather than the module path
 */
public record LoadedCipher(CipherProvider provider, String module, String location, boolean plugin) {

    /** Describes a provider instance by its own class's module and code source. */
    public static LoadedCipher of(CipherProvider provider) {
        return new LoadedCipher(provider, Discovery.moduleOf(provider), Discovery.locationOf(provider),
                Discovery.fromPluginFolder(provider));
    }

    public String name() {
        return provider.name();
    }
}
