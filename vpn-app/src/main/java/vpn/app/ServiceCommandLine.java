package vpn.app;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;
import vpn.api.service.CommandContext;
import vpn.api.service.ServiceCommand;
import vpn.core.keys.Passphrases;

/**
 * A subcommand that a service module adds ({@link ServiceCommand}): the app parses the options
 * every client shares and gives the command the rest, with a way to connect.
 */
@Command(mixinStandardHelpOptions = true)
final class ServiceCommandLine implements Callable<Integer> {

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    CipherFilterOption cipherFilter;

    @Mixin
    ClientSecurityOptions security;

    @Unmatched
    List<String> arguments = new ArrayList<>();

    private final ServiceCommand command;
    private final java.util.function.IntSupplier serviceVersion;
    private final Clients clients;
    private final jakarta.inject.Provider<vpn.core.registry.CipherRegistry> registry;
    private final Console console;
    private final Passphrases passphrases;

    ServiceCommandLine(ServiceCommand command, java.util.function.IntSupplier serviceVersion, Clients clients,
            jakarta.inject.Provider<vpn.core.registry.CipherRegistry> registry, Console console,
            Passphrases passphrases) {
        this.passphrases = passphrases;
        this.command = command;
        this.serviceVersion = serviceVersion;
        this.clients = clients;
        this.registry = registry;
        this.console = console;
    }

    @Override
    public Integer call() throws Exception {
        endpoint.validate();
        var client = clients.client(cipherFilter.applyForClient(registry.get(), security.classic()),
                security.toSecurity(console, passphrases));
        int version = serviceVersion.getAsInt();
        CommandContext context = new ClientContext(client, endpoint.host, endpoint.port, command.service(), version,
                console, console);
        return command.run(List.copyOf(arguments), context);
    }
}
