package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.core.Limits;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.server.ClassicServerSession;
import vpn.core.server.VpnServer;

/** {@code vpn server}: serves clients until the process is stopped. */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        description = {
            "Runs the server: negotiates a cipher and a key with each client, prints what it receives "
                    + "and answers with the text reversed.",
            "Serves many clients at once; one client's failure never stops the others. Stop it with Ctrl-C."
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

    @Option(names = "--max-sessions", defaultValue = "10000", paramLabel = "N",
            description = "Sessions served at once; further connections are closed (default: ${DEFAULT-VALUE}).")
    int maxSessions;

    private final Console console;
    private final Provider<CipherRegistry> registry;
    private final Provider<DiffieHellman> dh;
    private final Limits limits;

    @Inject
    ServerCommand(Console console, Provider<CipherRegistry> registry, Provider<DiffieHellman> dh, Limits limits) {
        this.console = console;
        this.registry = registry;
        this.dh = dh;
        this.limits = limits;
    }

    @Override
    public Integer call() throws IOException {
        endpoint.validate();
        if (idleTimeoutSeconds <= 0 || maxSessions <= 0) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout and --max-sessions must be positive");
        }
        Limits serverLimits = limits.withIdleTimeout(Duration.ofSeconds(idleTimeoutSeconds)).withMaxSessions(maxSessions);
        try (VpnServer server = new VpnServer(
                new ClassicServerSession(cipherFilter.apply(registry.get()), dh.get(), serverLimits), maxSessions, console)) {
            try {
                server.bind(endpoint.host, endpoint.port);
            } catch (IOException e) {
                throw new StartupException("cannot listen on " + endpoint.host + ":" + endpoint.port + ": " + e.getMessage());
            }
            server.serve();
        }
        return ExitCodes.OK;
    }
}
