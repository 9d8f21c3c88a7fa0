package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.security.SecureRandom;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.client.VpnClient;
import vpn.core.classic.ClassicClientHandshake;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;

/**
 * Makes the core's client from a command's options (the ciphers it offers, its security policy).
 * The DH group is looked up lazily, so that {@code --help} needs no cipher module.
 */
final class Clients {

    private final Provider<DiffieHellman> dh;
    private final SecureRandom random;
    private final Limits limits;

    @Inject
    Clients(Provider<DiffieHellman> dh, SecureRandom random, Limits limits) {
        this.dh = dh;
        this.random = random;
        this.limits = limits;
    }

    VpnClient client(CipherRegistry offered, ClientSecurity security) {
        return new VpnClient(offered, dh.get(), limits, random, security);
    }

    /** For the load tool: a client that reuses one classic DH key pair for all its sessions. */
    VpnClient clientReusingOneKeyPair(CipherRegistry offered, ClientSecurity security) throws ProtocolException {
        DiffieHellman group = dh.get();
        DhKeyPair pair = group.generateKeyPair();
        return new VpnClient(offered, new ClassicClientHandshake(group, () -> pair, limits), random, limits, security);
    }
}
