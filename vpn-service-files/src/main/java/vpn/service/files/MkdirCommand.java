package vpn.service.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vpn.api.service.CommandContext;
import vpn.api.service.ServiceCommand;

/** {@code vpn mkdir REMOTE_DIR...}: makes directories in the server's folder. */
public final class MkdirCommand implements ServiceCommand {

    @Override
    public String name() {
        return "mkdir";
    }

    @Override
    public String service() {
        return FilesService.NAME;
    }

    @Override
    public List<String> description() {
        List<String> lines = new ArrayList<>(List.of(
                "Makes directories in the server's folder: vpn mkdir [--quiet] REMOTE_DIR...",
                "Makes each REMOTE_DIR in the server's folder; its parent must exist. Refused by a server with "
                        + "--files-read-only. --quiet: no connection lines."));
        lines.addAll(FilesSession.commonHelp());
        return lines;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws IOException {
        FilesArguments parsed;
        try {
            parsed = FilesArguments.parse(arguments, Set.of(FilesArguments.QUIET), name());
            if (parsed.operands().isEmpty()) {
                throw new IllegalArgumentException("which directory? (REMOTE_DIR is missing)");
            }
        } catch (IllegalArgumentException e) {
            return FilesSession.usage(context, name(), e.getMessage());
        }
        return FilesSession.run(context, parsed.quiet(), client -> client.makeDirectories(parsed.operands()));
    }
}
