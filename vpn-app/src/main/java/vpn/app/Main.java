package vpn.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import picocli.CommandLine;
import vpn.api.service.ServiceCommand;
import vpn.core.plugin.Discovery;
import vpn.core.plugin.PluginLayer;
import vpn.core.registry.CipherRegistry;
import vpn.core.service.ServiceRegistry;

/**
 * Entry point: {@code java --module-path ... --module vpn.app/vpn.app.Main <command>}. The
 * launcher names the plugin folders with the system properties {@code vpn.cipher.path} and
 * {@code vpn.service.path}; without them, plugins come from the module path alone.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        Console console = Console.system();
        System.exit(run(args, console, PluginLayer.load(pluginFolders(), ModuleLayer.boot())));
    }

    /** The plugin folders the launcher named, in order. */
    static List<Path> pluginFolders() {
        List<Path> folders = new ArrayList<>();
        for (String property : List.of("vpn.cipher.path", "vpn.service.path")) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                for (String folder : value.split(java.io.File.pathSeparator)) {
                    folders.add(Path.of(folder));
                }
            }
        }
        return folders;
    }

    /** Runs one command with plugins from the module path (or class path) alone; never exits. */
    static int run(String[] args, Console console) {
        return run(args, console, PluginLayer.none());
    }

    /** Runs one command against the given console and returns the exit code; never exits. */
    static int run(String[] args, Console console, PluginLayer plugins) {
        return run(args, console, plugins, Modules.EMPTY_MODULE);
    }

    /** The same, with the bindings of {@code overrides} replacing the app's: tests give their own passphrases. */
    static int run(String[] args, Console console, PluginLayer plugins, Module overrides) {
        plugins.warnings().forEach(w -> console.error("warning: " + w));
        ServiceCommands commands = discoverCommands(plugins, console);
        Injector injector = Guice.createInjector(Modules.override(new VpnModule(console, plugins),
                binder -> binder.bind(ServiceCommands.class).toInstance(commands)).with(overrides));
        CommandLine commandLine = new CommandLine(VpnCommand.class, new GuiceFactory(injector));
        Provider<CipherRegistry> registry = injector.getProvider(CipherRegistry.class);
        Provider<ServiceRegistry> services = injector.getProvider(ServiceRegistry.class);
        Clients clients = injector.getInstance(Clients.class);
        // Every subcommand by name, in the order help lists them, each made only when added.
        Map<String, Supplier<Object>> subcommands = new LinkedHashMap<>();
        for (Class<?> builtIn : VpnCommand.BUILT_IN) {
            subcommands.put(builtIn.getAnnotation(CommandLine.Command.class).name(), () -> builtIn);
        }
        for (ServiceCommand command : commands.commands()) {
            if (subcommands.containsKey(command.name())) {
                console.error("warning: the service command '" + command.name() + "' of "
                        + Discovery.locationOf(command) + " is ignored: vpn has a command of that name");
                continue;
            }
            subcommands.put(command.name(), () -> serviceCommandLine(command, services, clients, registry, console,
                    injector));
        }
        for (Map.Entry<String, String> known : new TreeMap<>(NotInstalledCommand.KNOWN).entrySet()) {
            subcommands.putIfAbsent(known.getKey(), () -> new NotInstalledCommand(known.getKey(), known.getValue()));
        }
        // When the first argument names a command, only that one is made: picocli reflects on each
        // command it is given, and building all of them cost `vpn ls` about 50 ms and 0.1 s of CPU
        // (docs/performance.md, "Files"). Help, errors and options before a command see them all.
        String first = args.length > 0 ? args[0] : "";
        boolean onlyFirst = subcommands.containsKey(first) && !first.equals("help");
        subcommands.forEach((name, command) -> {
            if (!onlyFirst || name.equals(first)) {
                commandLine.addSubcommand(name, command.get());
            }
        });
        CommandLine server = commandLine.getSubcommands().get("server");
        if (server != null) {
            ServiceServerOptions.addTo(server, services.get(), console);
        }
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setOut(console.out());
        commandLine.setErr(console.err());
        ErrorReporting errors = new ErrorReporting(console);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExitCodeExceptionMapper(errors);
        return commandLine.execute(args);
    }

    private static CommandLine serviceCommandLine(ServiceCommand command, Provider<ServiceRegistry> services,
            Clients clients, Provider<CipherRegistry> registry, Console console, Injector injector) {
        CommandLine sub = new CommandLine(new ServiceCommandLine(command,
                () -> services.get().find(command.service())
                        .orElseThrow(() -> new NotInstalledException(command.name(), command.service())).version(),
                clients, registry, console, injector.getInstance(vpn.core.keys.Passphrases.class)));
        List<String> description = new ArrayList<>(command.description());
        description.add("Secure mode is required: the server's key is pinned on first use and a server that speaks "
                + "only the classic protocol is refused (exit code 4) unless --classic. Exit codes: vpn --help.");
        sub.getCommandSpec().usageMessage().description(description.toArray(String[]::new));
        return sub;
    }

    private static ServiceCommands discoverCommands(PluginLayer plugins, Console console) {
        Discovery.Result<ServiceCommand> found =
                Discovery.discover(ServiceCommand.class, plugins, "service command", command -> command);
        found.failures().forEach(console::warning);
        return new ServiceCommands(found.loaded());
    }
}
