package vpn.app;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --host} and {@code --port}, shared by the server and the client. */
final class EndpointOptions {

    static final int DEFAULT_PORT = 4600;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "HOST",
            description = "Host name or address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "" + DEFAULT_PORT, paramLabel = "PORT",
            description = "TCP port (default: ${DEFAULT-VALUE}).")
    int port;

    /** @throws ParameterException (a usage error, exit code 2) for a port outside 0..65535 */
    void validate() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(command.commandLine(), "--port must be between 0 and 65535, not " + port);
        }
    }
}
