package vpn.app;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.core.Limits;
import vpn.core.kex.KeyPairPool;
import vpn.core.kex.ServerKeyPairs;
import vpn.core.secure.ServerIdentity;
import vpn.core.server.VpnServer;

/** {@code vpn server}: serves clients until the process is stopped. */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the server: negotiates a cipher and a key with each client, prints what it receives "
                    + "and answers with the text reversed.",
            "Clients of ours get secure mode (the server signs each handshake with its key, whose "
                    + "fingerprint it prints first); classic clients, such as the Python peers, get the classic "
                    + "protocol. Serves many clients at once; one client's failure never stops the others. "
                    + "Stop it with Ctrl-C."
        })
final class ServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    CipherFilterOption cipherFilter;

    @Option(names = "--idle-timeout", defaultValue = "600", paramLabel = "SECONDS",
            description = "Close a session that stays silent this long between messages (default: ${DEFAULT-VALUE}).")
    long idleTimeoutSeconds;

    @Option(names = "--key-file", defaultValue = "${sys:user.home}/.customvpn/server_ed25519", paramLabel = "FILE",
            description = "The server's Ed25519 signing key for secure mode; created (owner-only) if missing "
                    + "(default: ${DEFAULT-VALUE}).")
    Path keyFile;

    @Option(names = "--precompute", defaultValue = "16", paramLabel = "N",
            description = "Keep up to N Diffie-Hellman key pairs computed ahead while idle, to cut handshake "
                    + "latency; 0 computes each when needed (default: ${DEFAULT-VALUE}).")
    int precompute;

    @Option(names = "--threads", defaultValue = "virtual", paramLabel = "KIND",
            description = "One virtual thread per session (virtual: scales to tens of thousands) or one platform "
                    + "thread (platform: less CPU per message for a few busy sessions). Default: ${DEFAULT-VALUE}.")
    String threads;

    @Option(names = "--max-sessions", defaultValue = "10000", paramLabel = "N",
            description = "Sessions served at once; further connections are closed (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    private final Console console;
    private final SessionFactory sessions;

    @Inject
    ServerCommand(Console console, SessionFactory sessions) {
        this.console = console;
        this.sessions = sessions;
    }

    @Override
    public Integer call() throws IOException {
        endpoint.validate();
        VpnServer.Threads threadKind = switch (threads) {
            case "virtual" -> VpnServer.Threads.VIRTUAL;
            case "platform" -> VpnServer.Threads.PLATFORM;
            default -> throw new ParameterException(spec.commandLine(), "--threads is virtual or platform, not " + threads);
        };
        if (idleTimeoutSeconds <= 0 || maxSessions <= 0 || precompute < 0) {
            throw new ParameterException(spec.commandLine(),
                    "--idle-timeout and --max-sessions must be positive, --precompute not negative");
        }
        Limits serverLimits = sessions.limits().withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds)).withMaxSessions(maxSessions);
        ServerIdentity identity;
        try {
            identity = ServerIdentity.loadOrCreate(keyFile, sessions.random());
        } catch (IOException e) {
            throw new StartupException("cannot use the server key: " + e.getMessage());
        }
        console.line("Server key " + identity.fingerprint() + " (" + keyFile + ")");
        KeyPairPool pool = precompute > 0 ? sessions.keyPairPool(precompute) : null;
        ServerKeyPairs keyPairs = pool != null ? pool : ServerKeyPairs.direct(sessions.diffieHellman());
        try (VpnServer server = new VpnServer(sessions.serverSession(cipherFilter.apply(sessions.registry()),
                serverLimits, identity, keyPairs), maxSessions, console, threadKind)) {
            try {
                server.bind(endpoint.host, endpoint.port);
            } catch (IOException e) {
                throw new StartupException("cannot listen on " + endpoint.host + ":" + endpoint.port + ": " + e.getMessage());
            }
            server.serve();
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
        return ExitCodes.OK;
    }
}
