package vpn.service.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vpn.api.service.CommandContext;
import vpn.api.service.ServiceCommand;
import vpn.service.files.client.FilesClient.Copy;
import vpn.service.files.client.FilesClient.CopyOptions;

/** {@code vpn get REMOTE... [LOCAL]}: copies files of the server's folder here. */
public final class GetCommand implements ServiceCommand {

    private static final Set<String> OPTIONS = Set.of(FilesArguments.FORCE, FilesArguments.RESUME,
            FilesArguments.QUIET, FilesArguments.RECURSIVE);

    @Override
    public String name() {
        return "get";
    }

    @Override
    public String service() {
        return FilesService.NAME;
    }

    @Override
    public List<String> description() {
        List<String> lines = new ArrayList<>(List.of(
                "Copies files from the server's folder: vpn get [--force] [--resume] [-r] [--quiet] REMOTE... [LOCAL]",
                "Copies REMOTE from the server to LOCAL (default: REMOTE's name, here); LOCAL ending with / "
                        + "(or an existing directory) is a directory to copy into. - as LOCAL writes standard "
                        + "output: vpn get NAME - | less.",
                "Prints each file's SHA-256 as sha256sum does (on standard error when the file goes to standard "
                        + "output), after checking it against the server's: LOCAL holds a whole file or nothing.",
                "--force: replace an existing LOCAL. --resume: go on with an interrupted download (its partial "
                        + "file .NAME.vpn-part), after checking that its start matches. -r: copy a directory tree. "
                        + "--quiet: no progress bar and no connection lines."));
        lines.addAll(FilesSession.commonHelp());
        return lines;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws IOException {
        FilesArguments parsed;
        List<Copy> copies;
        try {
            parsed = FilesArguments.parse(arguments, OPTIONS, name());
            copies = CopyPlan.forGet(parsed.operands());
            if (parsed.resume() && copies.stream().anyMatch(c -> c.to().equals("-"))) {
                throw new IllegalArgumentException("--resume cannot take back what went to standard output; "
                        + "give a file");
            }
        } catch (IllegalArgumentException e) {
            return FilesSession.usage(context, name(), e.getMessage());
        }
        CopyOptions options = new CopyOptions(parsed.force(), parsed.resume(), parsed.recursive());
        return FilesSession.run(context, parsed.quiet(), client -> client.get(copies, options));
    }
}
