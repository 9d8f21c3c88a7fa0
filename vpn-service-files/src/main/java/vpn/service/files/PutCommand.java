package vpn.service.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import vpn.api.service.CommandContext;
import vpn.api.service.ServiceCommand;
import vpn.service.files.client.FilesClient.Copy;
import vpn.service.files.client.FilesClient.CopyOptions;

/** {@code vpn put LOCAL... [REMOTE]}: copies local files to the server's folder. */
public final class PutCommand implements ServiceCommand {

    private static final Set<String> OPTIONS = Set.of(FilesArguments.FORCE, FilesArguments.RESUME,
            FilesArguments.QUIET, FilesArguments.RECURSIVE);

    @Override
    public String name() {
        return "put";
    }

    @Override
    public String service() {
        return FilesService.NAME;
    }

    @Override
    public List<String> description() {
        List<String> lines = new ArrayList<>(List.of(
                "Copies files to the server's folder: vpn put [--force] [--resume] [-r] [--quiet] LOCAL... [REMOTE]",
                "Copies LOCAL to the server as REMOTE (default: LOCAL's name); REMOTE ending with / is a directory "
                        + "to copy into: vpn put a.txt b.txt docs/ (one session). - as LOCAL reads standard input: "
                        + "cat file | vpn put - NAME.",
                "Prints each file's SHA-256 as sha256sum does (sha256sum -c checks it); the server checks it "
                        + "before the file takes its name, so REMOTE holds a whole file or nothing.",
                "--force: replace an existing REMOTE. --resume: go on with an interrupted upload, after checking "
                        + "that its start matches. -r: copy a directory tree. --quiet: no progress bar and no "
                        + "connection lines."));
        lines.addAll(FilesSession.commonHelp());
        return lines;
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws IOException {
        FilesArguments parsed;
        List<Copy> copies;
        try {
            parsed = FilesArguments.parse(arguments, OPTIONS, name());
            copies = CopyPlan.forPut(parsed.operands());
            if (parsed.resume() && copies.stream().anyMatch(c -> c.from().equals("-"))) {
                throw new IllegalArgumentException("--resume cannot read standard input again; give a file");
            }
        } catch (IllegalArgumentException e) {
            return FilesSession.usage(context, name(), e.getMessage());
        }
        CopyOptions options = new CopyOptions(parsed.force(), parsed.resume(), parsed.recursive());
        return FilesSession.run(context, parsed.quiet(), client -> client.put(copies, options));
    }
}
