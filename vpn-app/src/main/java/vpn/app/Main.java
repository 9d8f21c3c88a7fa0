package vpn.app;

import com.google.inject.Guice;
import com.google.inject.Injector;
import picocli.CommandLine;

/** Entry point: {@code java --module-path ... --module vpn.app/vpn.app.Main <command>}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Console.system()));
    }

    /** Runs one command against the given console and returns the exit code; never exits. */
    static int run(String[] args, Console console) {
        Injector injector = Guice.createInjector(new VpnModule(console));
        CommandLine commandLine = new CommandLine(VpnCommand.class, new GuiceFactory(injector));
        commandLine.setOut(console.out());
        commandLine.setErr(console.err());
        commandLine.setExecutionExceptionHandler((error, command, parsed) -> {
            StartupException startup = findStartupProblem(error);
            if (startup != null) {
                console.error("error: " + startup.getMessage());
            } else {
                console.error("error: " + error);
            }
            return ExitCodes.FAILURE;
        });
        return commandLine.execute(args);
    }

    /** Guice wraps what a provider throws; find the one-line reason under it. */
    private static StartupException findStartupProblem(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof StartupException startup) {
                return startup;
            }
        }
        return null;
    }
}
