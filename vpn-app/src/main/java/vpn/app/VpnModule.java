package vpn.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.security.SecureRandom;
import vpn.api.CipherProvider;
import vpn.api.service.Service;
import vpn.core.Limits;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.Exponentiation;
import vpn.core.kex.FixedBaseExponentiation;
import vpn.core.keys.Passphrases;
import vpn.core.plugin.Discovery;
import vpn.core.plugin.PluginLayer;
import vpn.core.registry.CipherRegistry;
import vpn.core.registry.LoadedCipher;
import vpn.core.registry.RegistryException;
import vpn.core.service.LoadedService;
import vpn.core.service.ServiceRegistry;

/**
 * Wires the commands: the plugins (ciphers and services) from the plugin layer and the module
 * path, the DH group, the random source, the limits, the console and where passphrases come from. Cheap and side-effect free:
 * discovery and the ciphers' self-tests run when something first needs a registry.
 */
final class VpnModule extends AbstractModule {

    private final Console console;
    private final PluginLayer plugins;

    VpnModule(Console console, PluginLayer plugins) {
        this.console = console;
        this.plugins = plugins;
    }

    @Override
    protected void configure() {
        bind(Console.class).toInstance(console);
        bind(PluginLayer.class).toInstance(plugins);
        bind(DhGroup.class).toInstance(DhGroup.MODP_8192);
        bind(Limits.class).toInstance(Limits.DEFAULT);
        bind(Passphrases.class).toInstance(Passphrases.standard());
    }

    /**
     * Every cipher found, admitted if it keeps the contract and passes its self-test. Refused ones
     * are reported as warnings and not offered; two modules offering one cipher name in the same
     * place, or nothing usable at all, stop the app with one line.
     */
    @Provides
    @Singleton
    CipherRegistry registry() {
        Discovery.Result<LoadedCipher> discovery =
                Discovery.discover(CipherProvider.class, plugins, "cipher provider", LoadedCipher::of);
        discovery.failures().forEach(console::warning);
        CipherRegistry.Admission admission;
        try {
            admission = CipherRegistry.admit(discovery.loaded());
        } catch (RegistryException e) {
            throw new StartupException(e.getMessage());
        }
        admission.refused().forEach(console::warning);
        if (admission.registry().isEmpty()) {
            throw new StartupException(discovery.loaded().isEmpty()
                    ? "no cipher modules found on the module path: put at least one cipher jar "
                            + "(e.g. cipher-aes.jar) in the ciphers folder"
                    : "no usable cipher module: every one found was refused (see the warnings above)");
        }
        return admission.registry();
    }

    /** Every service found; refused ones are reported as warnings. A deployment may have none. */
    @Provides
    @Singleton
    ServiceRegistry services() {
        Discovery.Result<LoadedService> discovery =
                Discovery.discover(Service.class, plugins, "service", LoadedService::of);
        discovery.failures().forEach(console::warning);
        ServiceRegistry.Admission admission = ServiceRegistry.admit(discovery.loaded());
        admission.refused().forEach(console::warning);
        return admission.registry();
    }

    /**
     * NIST SP 800-90A DRBG, seeded by the operating system: it serves the per-record random blocks
     * from memory, where the default NativePRNG reads /dev/urandom on many calls.
     */
    @Provides
    @Singleton
    SecureRandom random() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    @Provides
    @Singleton
    DiffieHellman diffieHellman(DhGroup group, SecureRandom random) {
        return new DiffieHellman(group, random);
    }

    /**
     * The server's exponentiations: its own key pairs from a fixed-base table of the group's
     * generator, built on first use (so this costs nothing here), the rest by {@code modPow}.
     * One per injector, so the table is built once and shared by every gate and pool.
     */
    @Provides
    @Singleton
    FixedBaseExponentiation serverExponentiation(DhGroup group) {
        return new FixedBaseExponentiation(group, Exponentiation.DIRECT);
    }
}
