package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.security.SecureRandom;
import java.util.List;
import vpn.core.Limits;
import vpn.core.classic.ClassicServerHandshake;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.ServerKeyPairs;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.server.ServerSession;
import vpn.core.server.UserPolicy;
import vpn.core.service.ServiceRegistry;

/** Makes the server's session pipeline from a command's options; shared by {@code server} and {@code demo}. */
final class Servers {

    private final Provider<ServiceRegistry> services;
    private final Provider<DiffieHellman> dh;
    private final SecureRandom random;

    @Inject
    Servers(Provider<ServiceRegistry> services, Provider<DiffieHellman> dh, SecureRandom random) {
        this.services = services;
        this.dh = dh;
        this.random = random;
    }

    /**
     * @param keyPairs the server's DH key pairs: a pool, or {@code null} to compute each when needed
     * @param keyExchanges secure mode's key exchanges, in the server's order of preference
     */
    ServerSession session(CipherRegistry offered, Limits limits, ServerIdentity identity, ServerKeyPairs keyPairs,
            List<KeyExchange> keyExchanges) {
        return session(offered, limits, identity, keyPairs, keyExchanges, UserPolicy.ANONYMOUS);
    }

    /** @param users whom the server serves: anyone, or the users of an authorized-keys file */
    ServerSession session(CipherRegistry offered, Limits limits, ServerIdentity identity, ServerKeyPairs keyPairs,
            List<KeyExchange> keyExchanges, UserPolicy users) {
        return session(offered, services.get(), limits, identity, keyPairs, keyExchanges, users);
    }

    /** @param offeredServices the services installed, with those this server does not offer withheld */
    ServerSession session(CipherRegistry offered, ServiceRegistry offeredServices, Limits limits,
            ServerIdentity identity, ServerKeyPairs keyPairs, List<KeyExchange> keyExchanges, UserPolicy users) {
        DiffieHellman group = dh.get();
        ServerKeyPairs pairs = keyPairs != null ? keyPairs : ServerKeyPairs.direct(group);
        return new ServerSession(offered, offeredServices, new ClassicServerHandshake(group, pairs, limits),
                new SecureServerHandshake(identity, random, limits, keyExchanges, group, pairs), pairs, limits, users);
    }

    DiffieHellman diffieHellman() {
        return dh.get();
    }
}
