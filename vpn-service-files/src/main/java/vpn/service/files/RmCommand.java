package vpn.service.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vpn.api.service.CommandContext;
import vpn.api.service.ServiceCommand;

/** {@code vpn rm REMOTE...}: removes files (or empty directories) of the server's folder. */
public final class RmCommand implements ServiceCommand {

    @Override
    public String name() {
        return "rm";
    }

    @Override
    public String service() {
        return FilesService.NAME;
    }

    @Override
    public List<String> description() {
        List<String> lines = new ArrayList<>(List.of(
                "Removes files or directories of the server's folder: vpn rm [-r] [--quiet] REMOTE...",
                "Removes each REMOTE from the server's folder: a file, a link (not what it leads to) or an empty "
                        + "directory; with -r (--recursive), a directory with everything in it (links inside are "
                        + "removed, never followed). Refused by a server with --files-read-only. --quiet: no "
                        + "connection lines."));
        lines.addAll(FilesSession.commonHelp());
        return lines;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws IOException {
        FilesArguments parsed;
        try {
            parsed = FilesArguments.parse(arguments, Set.of(FilesArguments.QUIET, FilesArguments.RECURSIVE), name());
            if (parsed.operands().isEmpty()) {
                throw new IllegalArgumentException("which file? (REMOTE is missing)");
            }
        } catch (IllegalArgumentException e) {
            return FilesSession.usage(context, name(), e.getMessage());
        }
        return FilesSession.run(context, parsed.quiet(), client -> client.remove(parsed.operands(), parsed.recursive()));
    }
}
