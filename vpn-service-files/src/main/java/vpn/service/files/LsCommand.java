package vpn.service.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vpn.api.service.CommandContext;
import vpn.api.service.ServiceCommand;

/** {@code vpn ls [REMOTE_DIR]}: the files and directories of the server's folder. */
public final class LsCommand implements ServiceCommand {

    @Override
    public String name() {
        return "ls";
    }

    @Override
    public String service() {
        return FilesService.NAME;
    }

    @Override
    public List<String> description() {
        List<String> lines = new ArrayList<>(List.of(
                "Lists the server's folder: vpn ls [--quiet] [REMOTE_DIR]",
                "Lists REMOTE_DIR of the server's folder (default: the folder itself), one line per entry: "
                        + "SIZE  YYYY-MM-DD HH:MM UTC  NAME, with a / after directories' names.",
                "--quiet: no connection lines."));
        lines.addAll(FilesSession.commonHelp());
        return lines;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws IOException {
        FilesArguments parsed;
        try {
            parsed = FilesArguments.parse(arguments, Set.of(FilesArguments.QUIET), name());
            if (parsed.operands().size() > 1) {
                throw new IllegalArgumentException("one REMOTE_DIR at a time");
            }
        } catch (IllegalArgumentException e) {
            return FilesSession.usage(context, name(), e.getMessage());
        }
        String remote = parsed.operands().isEmpty() ? "" : parsed.operands().getFirst();
        return FilesSession.run(context, parsed.quiet(), client -> client.list(remote));
    }
}
