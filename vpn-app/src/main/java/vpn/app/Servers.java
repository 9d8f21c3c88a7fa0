package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import vpn.core.Limits;
import vpn.core.classic.ClassicServerHandshake;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.ExponentiationGate;
import vpn.core.kex.FixedBaseExponentiation;
import vpn.core.kex.KeyPairSource;
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
    private final DhGroup group;
    private final SecureRandom random;
    private final FixedBaseExponentiation exponentiation;

    @Inject
    Servers(Provider<ServiceRegistry> services, DhGroup group, SecureRandom random,
            FixedBaseExponentiation exponentiation) {
        this.services = services;
        this.group = group;
        this.random = random;
        this.exponentiation = exponentiation;
    }

    /**
     * The server's gate: one exponentiation per processor at once, each waiting at most
     * {@code maxWait}; its own key pairs computed from the group's fixed-base table.
     */
    ExponentiationGate gate(Duration maxWait) {
        return ExponentiationGate.perProcessor(maxWait, exponentiation);
    }

    /** The server's 8192-bit group, whose exponentiations wait for their turn at {@code gate}. */
    DiffieHellman diffieHellman(ExponentiationGate gate) {
        return new DiffieHellman(group, random, gate);
    }

    /**
     * An anonymous server computing each key pair when needed, through a gate of its own (the demo's).
     *
     * @param keyExchanges secure mode's key exchanges, in the server's order of preference
     */
    ServerSession session(CipherRegistry offered, Limits limits, ServerIdentity identity,
            List<KeyExchange> keyExchanges) {
        DiffieHellman dh = diffieHellman(gate(limits.handshakeTimeout()));
        return session(offered, services.get(), limits, identity, dh, KeyPairSource.direct(dh), keyExchanges,
                UserPolicy.ANONYMOUS);
    }

    /**
     * @param offeredServices the services installed, with those this server does not offer withheld
     * @param dh the server's group, from {@link #diffieHellman}
     * @param keyPairs the server's DH key pairs: a pool over {@code dh}, or {@code dh} itself
     * @param users whom the server serves: anyone, or the users of an authorized-keys file
     */
    ServerSession session(CipherRegistry offered, ServiceRegistry offeredServices, Limits limits,
            ServerIdentity identity, DiffieHellman dh, KeyPairSource keyPairs, List<KeyExchange> keyExchanges,
            UserPolicy users) {
        return new ServerSession(offered, offeredServices, new ClassicServerHandshake(dh, keyPairs, limits),
                new SecureServerHandshake(identity, random, limits, keyExchanges, dh, keyPairs), limits, users);
    }
}
