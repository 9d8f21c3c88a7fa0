package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.security.SecureRandom;
import vpn.core.Limits;
import vpn.core.client.VpnClient;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairPool;
import vpn.core.kex.ServerKeyPairs;
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

    /** For the load tool: a client that reuses one classic DH key pair for all its sessions. */
    VpnClient clientReusingOneKeyPair(CipherRegistry offered, ClientSecurity security) {
        DiffieHellman group = dh.get();
        DhKeyPair pair = group.generateKeyPair();
        return new VpnClient(offered, group, () -> pair, limits, random, security);
    }

    /** @param keyPairs the server's DH key pairs: a {@link KeyPairPool}, or computed when needed */
    ServerSession serverSession(CipherRegistry offered, Limits sessionLimits, ServerIdentity identity,
            ServerKeyPairs keyPairs) {
        DiffieHellman group = dh.get();
        SecureServerHandshake secure = new SecureServerHandshake(identity, random, sessionLimits,
                SecureServerHandshake.DEFAULT_PREFERENCE, group, keyPairs);
        return new ServerSession(offered, group, keyPairs, secure, sessionLimits);
    }

    ServerSession serverSession(CipherRegistry offered, Limits sessionLimits, ServerIdentity identity) {
        return serverSession(offered, sessionLimits, identity, ServerKeyPairs.direct(dh.get()));
    }

    /** Server key pairs computed ahead while idle, at most {@code capacity} of them; close it when done. */
    KeyPairPool keyPairPool(int capacity) {
        return new KeyPairPool(dh.get(), capacity);
    }

    DiffieHellman diffieHellman() {
        return dh.get();
    }
}
