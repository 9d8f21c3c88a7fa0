package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import vpn.core.service.LoadedService;
import vpn.core.service.ServiceRegistry;

/** {@code vpn services}: the applications this deployment serves. */
@Command(name = "services",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the services this deployment offers: name, version, whether it needs authenticated users, "
                    + "module and jar.",
            "To change it, add or remove service jars (the services folder, or VPN_SERVICE_PATH)."
        })
final class ServicesCommand implements Callable<Integer> {

    private static final String FORMAT = "%-10s %-8s %-6s %-22s %s";

    private final Console console;
    private final Provider<ServiceRegistry> services;

    @Inject
    ServicesCommand(Console console, Provider<ServiceRegistry> services) {
        this.console = console;
        this.services = services;
    }

    @Override
    public Integer call() {
        console.line(String.format(FORMAT, "SERVICE", "VERSION", "USERS", "MODULE", "FROM").stripTrailing());
        for (LoadedService service : services.get().services()) {
            console.line(String.format(FORMAT, service.name(), service.service().version(),
                    service.service().needsUsers() ? "yes" : "no", service.module(), service.location()));
        }
        return 0;
    }
}
