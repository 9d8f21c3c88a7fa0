package vpn.app;

import java.util.List;
import java.util.Optional;
import vpn.api.service.ServiceCommand;

/** The subcommands the installed service modules add, as discovered at start-up. */
record ServiceCommands(List<ServiceCommand> commands) {

    ServiceCommands {
        commands = List.copyOf(commands);
    }

    Optional<ServiceCommand> find(String name) {
        return commands.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
