package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import vpn.core.Limits;
import vpn.core.client.ClassicClient;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.server.ClassicServerSession;

/**
 * Builds the core's clients and server sessions from what Guice provides (the registry, DH, the
 * limits), with what a command's options change. The registry is looked up lazily, so that
 * {@code --help} works even where no cipher module is installed.
 */
final class SessionFactory {

    private final Provider<CipherRegistry> registry;
    private final Provider<DiffieHellman> dh;
    private final Limits limits;

    @Inject
    SessionFactory(Provider<CipherRegistry> registry, Provider<DiffieHellman> dh, Limits limits) {
        this.registry = registry;
        this.dh = dh;
        this.limits = limits;
    }

    /** Every installed cipher, in preference order. */
    CipherRegistry registry() {
        return registry.get();
    }

    Limits limits() {
        return limits;
    }

    ClassicClient client(CipherRegistry offered) {
        return new ClassicClient(offered, dh.get(), limits);
    }

    ClassicServerSession serverSession(CipherRegistry offered, Limits sessionLimits) {
        return new ClassicServerSession(offered, dh.get(), sessionLimits);
    }
}
