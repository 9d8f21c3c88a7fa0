package vpn.app;

import java.io.IOException;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;
import vpn.api.service.ExitCode;
import vpn.core.ProtocolException;

/**
 * What a failed command prints, and its exit code: one line each, in one place. Usage errors are
 * picocli's (exit 2); everything else that a command throws comes here.
 */
final class ErrorReporting implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler,
        CommandLine.IExitCodeExceptionMapper {

    private final Console console;

    ErrorReporting(Console console) {
        this.console = console;
    }

    @Override
    public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
        ProtocolException protocol = find(error, ProtocolException.class);
        StartupException startup = find(error, StartupException.class);
        NotInstalledException missing = find(error, NotInstalledException.class);
        if (protocol != null && protocol.reason() == ProtocolException.Reason.NO_COMMON_CIPHER) {
            console.line(protocol.getMessage()); // the reference prints its refusal as a transcript line
        } else if (startup != null || missing != null) {
            console.error("error: " + (startup != null ? startup : missing).getMessage());
        } else if (error instanceof IOException || protocol != null) {
            console.error("error: " + error.getMessage());
        } else {
            console.error("error: " + error);
        }
        return getExitCode(error);
    }

    /**
     * A usage error: the reason and where to read more, as GNU tools and ssh print it, not the
     * whole usage (the server's runs to fifty lines and buried the reason above it).
     */
    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        console.error("error: " + error.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(error, command.getErr());
        console.error("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE;
    }

    @Override
    public int getExitCode(Throwable error) {
        if (error instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        if (find(error, NotInstalledException.class) != null) {
            return ExitCode.REFUSED;
        }
        ProtocolException protocol = find(error, ProtocolException.class);
        if (protocol == null) {
            return ExitCode.FAILURE;
        }
        return switch (protocol.reason()) {
            case NO_COMMON_CIPHER, NO_COMMON_KEY_EXCHANGE -> ExitCode.NO_COMMON_CIPHER;
            case SERVER_AUTHENTICATION, USER_AUTHENTICATION -> ExitCode.AUTHENTICATION;
            case REFUSED -> ExitCode.REFUSED;
            default -> ExitCode.FAILURE;
        };
    }

    /** Guice and the channel wrap what was thrown; find the one-line reason under it. */
    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
