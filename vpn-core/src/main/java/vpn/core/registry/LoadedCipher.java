package vpn.core.registry;

import vpn.api.CipherProvider;

/**
 * A provider as the registry holds it, with where it came from (for {@code vpn ciphers} and for
 * error messages that must name both sides of a conflict).
 *
 * @param module the provider's module name, or {@code "(class path)"} for an unnamed module
 * @param location the jar or folder it was loaded from, or {@code "(unknown)"}
 */
public record LoadedCipher(CipherProvider provider, String module, String location) {

    /** Describes a provider instance by its own class's module and code source. */
    public static LoadedCipher of(CipherProvider provider) {
        Class<?> type = provider.getClass();
        String module = type.getModule().isNamed() ? type.getModule().getName() : "(class path)";
        var source = type.getProtectionDomain().getCodeSource();
        String location = source == null || source.getLocation() == null
                ? "(unknown)"
                : source.getLocation().getPath();
        return new LoadedCipher(provider, module, location);
    }

    public String name() {
        return provider.name();
    }
}
