package vpn.app;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerOption;
import vpn.api.service.ServerSettings;
import vpn.api.service.Service;
import vpn.core.plugin.Discovery;
import vpn.core.service.LoadedService;
import vpn.core.service.ServiceRegistry;

/**
 * The options that installed services add to {@code vpn server} ({@code --files DIR}): added to
 * the command when the app starts, so that {@code vpn server --help} shows them, and handed to
 * each service's {@link Service#configure} before the server listens.
 */
final class ServiceServerOptions {

    private ServiceServerOptions() {
    }

    /** Adds every installed service's options to {@code server}; one that clashes is skipped with a warning. */
    static void addTo(CommandLine server, ServiceRegistry services, Console console) {
        CommandSpec spec = server.getCommandSpec();
        for (LoadedService loaded : services.services()) {
            for (ServerOption option : loaded.service().serverOptions()) {
                if (spec.findOption(option.name()) != null) {
                    console.warning("the option " + option.name() + " of the " + loaded.name() + " service ("
                            + Discovery.locationOf(loaded.service()) + ") is ignored: vpn server has one of that name");
                    continue;
                }
                OptionSpec.Builder builder = OptionSpec.builder(option.name())
                        .description(option.description() + " (" + loaded.name() + " service)");
                if (option.isFlag()) {
                    builder.type(boolean.class).arity("0");
                } else {
                    builder.type(String.class).paramLabel(option.paramLabel());
                }
                spec.addOption(builder.build());
            }
        }
    }

    /**
     * Configures every installed service from the options given.
     *
     * @return the registry, with the services this server does not offer withheld
     * @throws CommandLine.ParameterException if a service's options are wrong (exit 2)
     */
    static ServiceRegistry configure(CommandSpec server, ServiceRegistry services, boolean hasUsers) {
        Map<String, String> withheld = new LinkedHashMap<>();
        for (LoadedService loaded : services.services()) {
            ServerSettings settings = new ServerSettings() {
                @Override
                public Optional<String> value(String option) {
                    return Optional.ofNullable(server.findOption(option)).map(o -> (String) o.getValue());
                }

                @Override
                public boolean flag(String option) {
                    OptionSpec spec = server.findOption(option);
                    return spec != null && Boolean.TRUE.equals(spec.getValue());
                }

                @Override
                public boolean hasUsers() {
                    return hasUsers;
                }
            };
            try {
                loaded.service().configure(settings).ifPresent(why -> withheld.put(loaded.name(), why));
            } catch (ConfigurationException e) {
                throw new CommandLine.ParameterException(server.commandLine(), e.getMessage());
            }
        }
        return services.withholding(withheld);
    }
}
