package vpn.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * Stands in, hidden, for a command of one of this project's service modules when that module is
 * not installed, so that the user learns what is missing instead of "unknown command".
 */
@Command(hidden = true)
final class NotInstalledCommand implements Callable<Integer> {

    /** The commands of the service modules this project ships, and their services. */
    static final Map<String, String> KNOWN = Map.of(
            "client", "echo",
            "chat", "chat",
            "chat-bench", "chat",
            "get", "files",
            "put", "files",
            "forward", "tunnel",
            "socks", "tunnel");

    @Unmatched
    List<String> ignored;

    private final String command;
    private final String service;

    NotInstalledCommand(String command, String service) {
        this.command = command;
        this.service = service;
    }

    @Override
    public Integer call() {
        throw new NotInstalledException(command, service);
    }
}
