package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.security.SecureRandom;
import vpn.core.Limits;
import vpn.core.client.VpnClient;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.server.ServerSession;

/**
 * Builds the core's clients and server sessions from what Guice provides (the registry, DH, the
 * limits), with what a command's options change. The registry is looked up lazily, so that
 * {@code --help} works even where no cipher module is installed.
 */
final class SessionFactory {

    private final Provider<CipherRegistry> registry;
    private final Provider<DiffieHellman> dh;
    private final SecureRandom random;
    private final Limits limits;

    @Inject
    SessionFactory(Provider<CipherRegistry> registry, Provider<DiffieHellman> dh, SecureRandom random, Limits limits) {
        this.registry = registry;
        this.dh = dh;
        this.random = random;
        this.limits = limits;
    }

    /** Every installed cipher, in preference order. */
    CipherRegistry registry() {
        return registry.get();
    }

    Limits limits() {
        return limits;
    }

    SecureRandom random() {
        return random;
    }

    VpnClient client(CipherRegistry offered, ClientSecurity security) {
        return new VpnClient(offered, dh.get(), limits, random, security);
    }

    ServerSession serverSession(CipherRegistry offered, Limits sessionLimits, ServerIdentity identity) {
        return new ServerSession(offered, dh.get(), new SecureServerHandshake(identity, random, sessionLimits),
                sessionLimits);
    }
}
