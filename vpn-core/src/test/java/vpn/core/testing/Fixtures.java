package vpn.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import vpn.api.CipherProvider;
import vpn.core.Limits;
import vpn.core.Transcript;
import vpn.core.client.VpnClient;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KnownHosts;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.server.ServerSession;
import vpn.core.server.VpnServer;

/** Servers and clients wired the way the app wires them, for in-process tests. */
public final class Fixtures {

    public static final SecureRandom RANDOM = new SecureRandom();
    public static final DiffieHellman DH = new DiffieHellman(DhGroup.MODP_8192, RANDOM);

    private Fixtures() {
    }

    public static ServerSession server(CipherRegistry registry, Limits limits, ServerIdentity identity) {
        return new ServerSession(registry, DH, new SecureServerHandshake(identity, RANDOM, limits), limits);
    }

    /** A started server on a free port of 127.0.0.1, and that port. */
    public record RunningServer(VpnServer server, int port) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** Starts a server offering every shipped cipher, both modes, printing to {@code transcript}. */
    public static RunningServer startServer(Limits limits, ServerIdentity identity, Transcript transcript)
            throws Exception {
        CipherRegistry registry = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        VpnServer server = new VpnServer(server(registry, limits, identity), 64, transcript);
        int port = server.bind("127.0.0.1", 0).getPort();
        server.start();
        return new RunningServer(server, port);
    }

    public static VpnClient client(CipherRegistry registry, Limits limits, ClientSecurity security) {
        return new VpnClient(registry, DH, limits, RANDOM, security);
    }

    /** A known-hosts file of its own, in a fresh temporary folder. */
    public static KnownHosts freshKnownHosts() {
        try {
            return new KnownHosts(Files.createTempDirectory("vpn-known-hosts").resolve("known_hosts"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClientSecurity classicOnly() {
        return ClientSecurity.classicOnly(freshKnownHosts());
    }
}
