package vpn.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code vpn} command: only dispatches to its subcommands. */
@Command(name = "vpn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "A modular secure channel: a client and a server that negotiate a cipher, agree on a key "
                    + "with Diffie-Hellman and exchange encrypted, HMAC-authenticated messages.",
            "The ciphers on offer are the cipher modules found on the module path."
        },
        subcommands = {
            ServerCommand.class,
            ClientCommand.class,
            CiphersCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:connection or protocol failure, or no usable cipher module",
            "2:bad command-line usage",
            "3:the server and the client have no cipher in common",
            "4:the server could not be authenticated (changed key, bad signature, classic mode refused)"
        })
final class VpnCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing command: choose one of server, client, ciphers, demo (or `vpn help`).");
    }
}
