package vpn.service.files;

import java.io.IOException;
import java.util.List;
import vpn.api.service.Channel;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.service.files.client.FilesClient;
import vpn.service.files.client.FilesConnection;
import vpn.service.files.client.Output;

/**
 * What every file command does around its work: usage errors as one line and exit 2; a session
 * whose handshake lines go to standard error (none with {@code --quiet}), so that standard
 * output holds only the command's own lines or data; the session closed at the end.
 */
final class FilesSession {

    /** The command's work over the session. */
    interface Work {
        int run(FilesClient client) throws IOException;
    }

    private FilesSession() {
    }

    static int run(CommandContext context, boolean quiet, Work work) throws IOException {
        Output output = new Output(context.terminal(), quiet);
        Channel channel = quiet ? context.connectQuietly() : context.connectReportingOnStandardError();
        try (FilesConnection connection = FilesConnection.over(channel)) {
            return work.run(new FilesClient(connection, output));
        }
    }

    static int usage(CommandContext context, String command, String message) {
        context.terminal().error("error: vpn " + command + ": " + message);
        return ExitCode.USAGE;
    }

    /** The help lines every file command ends with. */
    static List<String> commonHelp() {
        return List.of("The server must run with --files DIR and have your key (--identity) in its --authorized-keys. "
                + "Exit codes: 0 done, 1 failed (connection, checksum, disk), 2 usage, 4 authentication, "
                + "5 refused (exists, read-only, path, too large, not found).");
    }
}
