package vpn.api.service;

import java.util.List;

/**
 * A subcommand a service module adds to {@code vpn}, such as {@code vpn client} for the echo
 * service or {@code vpn chat}. The app parses the options every client command shares (server
 * address, ciphers, server key checks) and passes the rest of the arguments here.
 */
public interface ServiceCommand {

    /** The subcommand's name: {@code client}, {@code chat}. */
    String name();

    /** The {@linkplain Service#name() service} it talks to. */
    String service();

    /** Lines for the command's {@code --help}; the first is its summary. */
    List<String> description();

    /**
     * Runs the command.
     *
     * @param arguments the arguments the shared options did not take, in order
     * @param context connects to the server and talks to the user
     * @return the process's exit code ({@link ExitCode})
     * @throws java.io.IOException when the session fails; the app reports it with its exit code
     */
    int run(List<String> arguments, CommandContext context) throws Exception;
}
