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
import vpn.core.classic.ClassicServerHandshake;
import vpn.core.kex.KeyPairSource;
import vpn.core.service.ServiceRegistry;
import vpn.service.echo.EchoService;
import vpn.core.server.VpnServer;

/** Servers and clients wired the way the app wires them, for in-process tests. */
public final class Fixtures {

    public static final SecureRandom RANDOM = new SecureRandom();
    public static final DiffieHellman DH = new DiffieHellman(DhGroup.MODP_8192, RANDOM);

    /**
     * RFC 2409's first Oakley group (768-bit MODP, a safe prime, generator 2) with 256-bit
     * exponents: far too small for real use, but the same code as the 8192-bit group at a hundredth
     * of the cost, for tests that run thousands of classic handshakes.
     */
    public static final DhGroup SMALL_GROUP = new DhGroup("oakley768", new java.math.BigInteger(
            "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74"
            + "020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F1437"
            + "4FE1356D6D51C245E485B576625E7EC6F44C42E9A63A3620FFFFFFFFFFFFFFFF", 16),
            java.math.BigInteger.TWO, 32);

    private Fixtures() {
    }

    public static ServerSession server(CipherRegistry registry, Limits limits, ServerIdentity identity) {
        return server(registry, limits, identity, SecureServerHandshake.DEFAULT_PREFERENCE);
    }

    /** A server session offering the echo service, with secure mode's key exchanges in {@code preference}. */
    public static ServerSession server(CipherRegistry registry, Limits limits, ServerIdentity identity,
            java.util.List<vpn.core.secure.KeyExchange> preference) {
        KeyPairSource pairs = KeyPairSource.direct(DH);
        return new ServerSession(registry, ServiceRegistry.of(new EchoService()),
                new ClassicServerHandshake(DH, pairs, limits),
                new SecureServerHandshake(identity, RANDOM, limits, preference, DH, null), limits);
    }

    /**
     * A server session offering the echo service, whose 8192-bit work is done by {@code dh} (for
     * instance through an exponentiation gate) and whose key pairs come from {@code pairs}.
     */
    public static ServerSession server(CipherRegistry registry, Limits limits, ServerIdentity identity,
            java.util.List<vpn.core.secure.KeyExchange> preference, DiffieHellman dh, KeyPairSource pairs,
            vpn.core.server.UserPolicy users) {
        return new ServerSession(registry, ServiceRegistry.of(new EchoService()),
                new ClassicServerHandshake(dh, pairs, limits),
                new SecureServerHandshake(identity, RANDOM, limits, preference, dh, pairs), limits, users);
    }

    /** A server session offering {@code services}, serving whom {@code users} says. */
    public static ServerSession server(CipherRegistry registry, Limits limits, ServerIdentity identity,
            ServiceRegistry services, vpn.core.server.UserPolicy users) {
        KeyPairSource pairs = KeyPairSource.direct(DH);
        return new ServerSession(registry, services, new ClassicServerHandshake(DH, pairs, limits),
                new SecureServerHandshake(identity, RANDOM, limits, SecureServerHandshake.DEFAULT_PREFERENCE, DH, null),
                limits, users);
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

    public static EchoClient client(CipherRegistry registry, Limits limits, ClientSecurity security) {
        return new EchoClient(new VpnClient(registry, DH, limits, RANDOM, security));
    }

    /**
     * A known-hosts file of its own, in a fresh folder under the module's {@code target/}, not
     * {@code /tmp}: the suite leaves nothing behind outside the build folder.
     */
    public static KnownHosts freshKnownHosts() {
        try {
            java.nio.file.Path scratch = Files.createDirectories(java.nio.file.Path.of("target", "test-scratch"));
            return new KnownHosts(Files.createTempDirectory(scratch, "known-hosts").resolve("known_hosts"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClientSecurity classicOnly() {
        return ClientSecurity.classic(freshKnownHosts());
    }
}
