package vpn.app;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import java.security.SecureRandom;
import vpn.core.Limits;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.registry.ProviderDiscovery;
import vpn.core.registry.RegistryException;

/**
 * Wires the server and the client: the cipher registry from the module path, the DH group, the
 * random source, the limits and the console. Cheap and side-effect free: discovery runs
 * when something first needs the registry, not when the module is built.
 */
final class VpnModule extends AbstractModule {

    private final Console console;

    VpnModule(Console console) {
        this.console = console;
    }

    @Override
    protected void configure() {
        bind(Console.class).toInstance(console);
        bind(DhGroup.class).toInstance(DhGroup.MODP_8192);
        bind(Limits.class).toInstance(Limits.DEFAULT);
    }

    @Provides
    @Singleton
    ProviderDiscovery.Result discovery() {
        return ProviderDiscovery.discover();
    }

    /**
     * Every provider found, admitted if it keeps the contract and passes its self-test. Refused
     * ones are reported as warnings and not offered; two modules offering one cipher name, or
     * nothing usable at all, stop the app with one line.
     */
    @Provides
    @Singleton
    CipherRegistry registry(ProviderDiscovery.Result discovery) {
        for (String failure : discovery.failures()) {
            console.error("warning: " + failure);
        }
        CipherRegistry.Admission admission;
        try {
            admission = CipherRegistry.admit(discovery.loaded());
        } catch (RegistryException e) {
            throw new StartupException(e.getMessage());
        }
        for (String refused : admission.refused()) {
            console.error("warning: " + refused);
        }
        if (admission.registry().isEmpty()) {
            throw new StartupException(discovery.loaded().isEmpty()
                    ? "no cipher modules found on the module path: put at least one cipher jar "
                            + "(e.g. cipher-aes.jar) in the ciphers folder"
                    : "no usable cipher module: every one found was refused (see the warnings above)");
        }
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
}
