package vpn.app;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level {@code vpn} command: only dispatches to its subcommands. Those of the service
 * modules ({@code client}, {@code chat}, ...) are added at start-up from the installed jars.
 */
@Command(name = "vpn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A modular secure channel: a client and a server that negotiate a cipher, agree on a key "
                    + "with Diffie-Hellman and exchange encrypted, authenticated messages for the services "
                    + "installed (the echo, and more as service modules are added).",
            "The ciphers and services on offer are the plugin modules found: the ciphers and services "
                    + "folders of the distribution, or the module path."
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:connection or protocol failure, or no usable cipher module",
            "2:bad command-line usage",
            "3:the server and the client have no cipher (or key exchange) in common",
            "4:authentication failed (the server's key or signature; a server that speaks only the "
                    + "classic protocol, without --classic; the user's key not authorized or missing)",
            "5:refused by the server (service not installed or not offered), or the command's service "
                    + "module is not installed here"
        })
final class VpnCommand implements Runnable {

    /** The app's own subcommands, in the order help lists them; {@link Main} adds them. */
    static final List<Class<?>> BUILT_IN = List.of(ServerCommand.class, CiphersCommand.class,
            ServicesCommand.class, KeygenCommand.class, DemoCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: choose one of " + String.join(", ", spec.subcommands().keySet()) + " (or `vpn help`).");
    }
}
