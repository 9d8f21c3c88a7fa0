package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.core.Limits;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.ExponentiationGate;
import vpn.core.kex.KeyPairPool;
import vpn.core.kex.KeyPairSource;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.KeyExchange;
import vpn.core.secure.ServerIdentity;
import vpn.core.server.MaxStartups;
import vpn.core.server.SessionThreads;
import vpn.core.server.Startups;
import vpn.core.server.UserPolicy;
import vpn.core.service.ServiceRegistry;
import vpn.core.server.VpnServer;
import vpn.api.service.ServerContext;
import vpn.api.service.Service;
import vpn.api.service.User;
import vpn.core.service.LoadedService;
import vpn.core.keys.AuthorizedKeysFile;
import java.util.stream.Collectors;

/** {@code vpn server}: serves clients until the process is stopped. */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the server: negotiates a cipher and a key with each client, then serves the service the "
                    + "client asks for (vpn services lists them; classic clients get the echo).",
            "Clients of ours get secure mode (the server signs each handshake with its key, whose "
                    + "fingerprint it prints first); classic clients, such as the Python peers, get the classic "
                    + "protocol. Serves many clients at once; one client's failure never stops the others. "
                    + "Stop it with Ctrl-C or SIGTERM: it stops accepting, ends each session properly (secure mode: "
                    + "with its Close), cuts what is left after 5 s, and exits 0."
        })
final class ServerCommand implements Callable<Integer> {

    /** How long the server may take to stop once asked (its sessions' grace is 5 s). */
    private static final Duration STOP_BOUND = Duration.ofSeconds(15);

    /** How often the authorized-keys file is checked for changes. */
    private static final Duration USERS_POLL = Duration.ofSeconds(1);

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    CipherFilterOption cipherFilter;

    @Option(names = "--idle-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "Close a session that stays silent this long between messages (default: ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--write-timeout", paramLabel = "SECONDS",
            description = "Close a session whose client stops reading: a reply or message that cannot be written "
                    + "for this long (default: the idle timeout).")
    Long writeTimeoutSeconds;

    @Option(names = "--key-file", defaultValue = "${sys:user.home}/.customvpn/server_ed25519", paramLabel = "FILE",
            description = "The server's Ed25519 signing key for secure mode; created (owner-only) if missing "
                    + "(default: ${DEFAULT-VALUE}).")
    Path keyFile;

    @Option(names = "--key-exchanges", split = ",", defaultValue = "X25519,MODP8192", paramLabel = "KEX",
            description = "Secure mode's key exchanges, in this server's order of preference (the client's "
                    + "order does not count): ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}. A secure-mode "
                    + "client offering none of them is told 'Could not agree on a key exchange'. MODP8192 costs the "
                    + "server two 8192-bit exponentiations per handshake, whatever the client sends; "
                    + "--key-exchanges X25519 --no-classic spares it any.")
    List<KeyExchangeOption> keyExchanges;

    @Option(names = "--precompute", defaultValue = "16", paramLabel = "N",
            description = "Keep up to N Diffie-Hellman key pairs computed ahead while idle, to cut handshake "
                    + "latency; 0 computes each when needed (default: ${DEFAULT-VALUE}).")
    int precompute;

    @Option(names = "--threads", defaultValue = "AUTO", paramLabel = "KIND",
            description = "The thread each session runs on: a virtual thread (scales to tens of thousands), "
                    + "a platform thread (less CPU per message), or AUTO: platform threads for the first "
                    + SessionThreads.PLATFORM_SESSIONS + " sessions at once, virtual beyond. "
                    + "${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
    VpnServer.Threads threads;

    @Option(names = "--max-sessions", defaultValue = "10000", paramLabel = "N",
            description = "Sessions served at once; further connections are closed (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    @Option(names = "--max-startups", defaultValue = "10:30:100", paramLabel = "START:RATE:FULL",
            converter = MaxStartupsConverter.class,
            description = "Connections that have not finished their handshake, per source address (OpenSSH's "
                    + "MaxStartups, counted per address instead of over all): from START of them, a new connection "
                    + "from that address is dropped at once, before any work, with probability RATE%%, rising "
                    + "linearly to every one at FULL; one number N drops every one from N on. A flood from one "
                    + "address does not keep clients from others out. A load test from one address needs more "
                    + "than its concurrency (default: ${DEFAULT-VALUE}).")
    MaxStartups maxStartups;

    @Option(names = "--authorized-keys", paramLabel = "FILE",
            description = "Serve only users whose keys are in FILE (OpenSSH's authorized_keys format; the key's "
                    + "comment is the user's name). Every secure session must authenticate; classic clients, which "
                    + "cannot, are refused unless --allow-classic. Re-read when it changes; sessions of removed keys "
                    + "are ended. Services that need users (chat) are served only with it.")
    Path authorizedKeys;

    @Option(names = "--allow-classic",
            description = "With --authorized-keys: still serve classic-protocol clients (anonymous echo sessions).")
    boolean allowClassic;

    @Option(names = "--no-classic",
            description = "Refuse classic-protocol clients (the Python peers) before any work: the classic protocol "
                    + "always costs two 8192-bit exponentiations. (With --authorized-keys they are refused already.)")
    boolean noClassic;

    @Option(names = "--proxy-protocol",
            description = "Behind a TCP load balancer: every connection must begin with a PROXY protocol v2 header "
                    + "(HAProxy's send-proxy-v2; v1 is refused), and the client address it carries replaces the "
                    + "balancer's for --max-startups and the server's lines. The balancer's health checks (LOCAL "
                    + "headers, connections closed before a byte) get no line. Anyone who can reach the port can "
                    + "claim any address: listen (--host) where only the balancer can connect.")
    boolean proxyProtocol;

    @Option(names = "--quiet", description = "Print no per-session lines (negotiation, messages), only "
            + "start-up, arrivals, refusals and errors.")
    boolean quiet;

    @Option(names = "--verbose", description = "Also print a line when a session ends normally.")
    boolean verbose;

    private final Console console;
    private final Provider<CipherRegistry> registry;
    private final Servers servers;
    private final Provider<ServiceRegistry> services;
    private final SecureRandom random;
    private final Limits limits;

    @Inject
    ServerCommand(Console console, Provider<CipherRegistry> registry, Provider<ServiceRegistry> services,
            Servers servers, SecureRandom random, Limits limits) {
        this.services = services;
        this.console = console;
        this.registry = registry;
        this.servers = servers;
        this.random = random;
        this.limits = limits;
    }

    @Override
    public Integer call() throws IOException {
        // Every option is checked before anything is created or printed.
        endpoint.validate();
        if (idleTimeoutSeconds <= 0 || maxSessions <= 0 || precompute < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--idle-timeout and --max-sessions must be positive, --precompute not negative");
        }
        if (writeTimeoutSeconds != null && writeTimeoutSeconds <= 0) {
            throw new ParameterException(spec.commandLine(), "--write-timeout must be positive");
        }
        if (quiet && verbose) {
            throw new ParameterException(spec.commandLine(), "--quiet and --verbose contradict each other");
        }
        if (keyExchanges.isEmpty() || keyExchanges.size() != keyExchanges.stream().distinct().count()) {
            throw new ParameterException(spec.commandLine(), "--key-exchanges: name each key exchange once");
        }
        if (noClassic && allowClassic) {
            throw new ParameterException(spec.commandLine(), "--no-classic and --allow-classic contradict each other");
        }
        if (allowClassic && authorizedKeys == null) {
            throw new ParameterException(spec.commandLine(),
                    "--allow-classic only means something with --authorized-keys (without it, everyone is served)");
        }
        ServiceRegistry offeredServices = ServiceServerOptions.configure(spec, services.get(), authorizedKeys != null);
        CipherRegistry offered = cipherFilter.apply(registry.get());
        Limits serverLimits = limits.withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds))
                .withWriteTimeout(Duration.ofSeconds(writeTimeoutSeconds != null ? writeTimeoutSeconds : idleTimeoutSeconds));
        VpnServer.Verbosity verbosity = quiet ? VpnServer.Verbosity.QUIET
                : verbose ? VpnServer.Verbosity.VERBOSE : VpnServer.Verbosity.NORMAL;

        ServerIdentity identity;
        try {
            identity = ServerIdentity.loadOrCreate(keyFile, random);
        } catch (IOException e) {
            throw new StartupException("cannot use the server key: " + e.getMessage());
        }
        console.line("Server key " + identity.fingerprint() + " (" + keyFile + ")");
        AuthorizedKeysFile users = authorizedKeys == null ? null : readUsers();
        UserPolicy policy = users == null ? UserPolicy.ANONYMOUS : UserPolicy.authorized(users, allowClassic);
        if (noClassic) {
            policy = policy.withoutClassic();
        }
        // Every 8192-bit exponentiation of the server, the pool's included, waits for its turn here.
        ExponentiationGate gate = servers.gate(serverLimits.handshakeTimeout());
        DiffieHellman dh = servers.diffieHellman(gate);
        KeyPairPool pool = precompute > 0 ? new KeyPairPool(dh, precompute, gate::idle) : null;
        List<Service> started = new ArrayList<>();
        try (VpnServer server = new VpnServer(servers.session(offered, offeredServices, serverLimits, identity, dh,
                pool != null ? pool : KeyPairSource.direct(dh), keyExchanges.stream().map(KeyExchangeOption::kex).toList(),
                policy), maxSessions, console, threads, verbosity, new Startups(maxStartups, random),
                proxyProtocol ? VpnServer.Origin.PROXY_PROTOCOL : VpnServer.Origin.SOCKET)) {
            startServices(offeredServices, identity, started);
            if (users != null) {
                users.onRemoved(removed -> server.endSessionsOfKeys(
                        removed.stream().map(User::keyFingerprint).collect(Collectors.toSet())));
                users.startWatching(USERS_POLL);
            }
            // SIGTERM or Ctrl-C only stops the accepting: closing the server then ends the sessions
            // properly, and the process exits 0.
            try (OrderlyStop orderly = OrderlyStop.install(() -> stop(server), STOP_BOUND)) {
                try {
                    server.bind(endpoint.host, endpoint.port);
                } catch (IOException e) {
                    throw new StartupException("cannot listen on " + endpoint.host + ":" + endpoint.port + ": "
                            + e.getMessage());
                }
                server.serve();
                server.close();
                // Before stopped(): during a shutdown that ends the process at once, and a
                // service's last words (a cluster's GONE) would be lost.
                stopServices(started);
                orderly.stopped(0);
            }
        } finally {
            stopServices(started);
            if (pool != null) {
                pool.close();
            }
            gate.close();
            if (users != null) {
                users.close();
            }
        }
        return 0;
    }

    /** Stops the services started, once. */
    private static void stopServices(List<Service> started) {
        started.forEach(Service::stop);
        started.clear();
    }

    /** Starts each offered service (a chat cluster connects to its bus), adding it to {@code started}. */
    private void startServices(ServiceRegistry offeredServices, ServerIdentity identity, List<Service> started) {
        ServerContext context = new ServerContext() {
            @Override
            public String serverKeyFingerprint() {
                return identity.fingerprint();
            }

            @Override
            public void log(String line) {
                console.line(line);
            }
        };
        for (LoadedService loaded : offeredServices.services()) {
            try {
                loaded.service().start(context);
            } catch (IOException e) {
                throw new StartupException("the " + loaded.name() + " service cannot start: " + e.getMessage());
            }
            started.add(loaded.service());
        }
    }

    private void stop(VpnServer server) {
        console.line("Stopping: ending the sessions");
        try {
            server.stopAccepting();
        } catch (IOException e) {
            console.warning("cannot close the listening socket: " + e.getMessage());
        }
    }

    /** The authorized keys, with their warnings printed; a file that cannot be used stops the start. */
    private AuthorizedKeysFile readUsers() {
        AuthorizedKeysFile users;
        try {
            users = new AuthorizedKeysFile(authorizedKeys, console::error);
        } catch (IOException e) {
            throw new StartupException("cannot use the authorized keys: " + e.getMessage());
        }
        int count = users.users().size();
        console.line("Users: " + count + " authorized in " + authorizedKeys
                + (allowClassic ? " (classic clients allowed, anonymously)" : ""));
        if (count == 0) {
            console.warning("no user can log in until keys are added to " + authorizedKeys);
        }
        return users;
    }

    /** {@code --max-startups}: sshd_config's syntax, a malformed value a usage error naming it. */
    static final class MaxStartupsConverter implements ITypeConverter<MaxStartups> {
        @Override
        public MaxStartups convert(String value) {
            try {
                return MaxStartups.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The key exchanges by the names users type. */
    enum KeyExchangeOption {
        X25519(KeyExchange.X25519),
        MODP8192(KeyExchange.MODP_8192);

        private final KeyExchange kex;

        KeyExchangeOption(KeyExchange kex) {
            this.kex = kex;
        }

        KeyExchange kex() {
            return kex;
        }
    }
}
