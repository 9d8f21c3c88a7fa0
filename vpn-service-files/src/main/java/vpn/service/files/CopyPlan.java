package vpn.service.files;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import vpn.service.files.client.FilesClient.Copy;
import vpn.service.files.client.Names;

/**
 * Which file goes where, from the operands of {@code vpn put} and {@code vpn get}: the target
 * defaults to the source's last name; a target ending with {@code /} (or, locally, an existing
 * directory) means "into this directory", and several sources need one.
 */
final class CopyPlan {

    private CopyPlan() {
    }

    /**
     * {@code LOCAL... [REMOTE]}.
     *
     * @throws IllegalArgumentException with the usage error's text
     */
    static List<Copy> forPut(List<String> operands) {
        requireSources(operands, "LOCAL");
        if (operands.size() == 1) {
            String local = operands.getFirst();
            if (local.equals("-")) {
                throw new IllegalArgumentException("- (standard input) needs a REMOTE name: cat file | vpn put - NAME");
            }
            return List.of(new Copy(local, Names.baseName(local)));
        }
        List<String> sources = operands.subList(0, operands.size() - 1);
        String remote = operands.getLast();
        // Several files go into REMOTE, slash or not, as with scp; it must then be a directory.
        boolean into = Names.intoDirectory(remote) || sources.size() > 1;
        List<Copy> copies = new ArrayList<>();
        for (String local : sources) {
            if (local.equals("-") && into) {
                throw new IllegalArgumentException("- (standard input) needs a REMOTE file name, not a directory");
            }
            copies.add(into ? new Copy(local, Names.inside(remote, Names.baseName(local)))
                    : new Copy(local, remote, !local.equals("-")));
        }
        return copies;
    }

    /**
     * {@code REMOTE... [LOCAL]}.
     *
     * @throws IllegalArgumentException with the usage error's text
     */
    static List<Copy> forGet(List<String> operands) {
        requireSources(operands, "REMOTE");
        if (operands.size() == 1) {
            String remote = operands.getFirst();
            return List.of(new Copy(remote, Names.baseName(remote)));
        }
        List<String> sources = operands.subList(0, operands.size() - 1);
        String local = operands.getLast();
        boolean into = Names.intoDirectory(local) || Files.isDirectory(Path.of(local));
        if (sources.size() > 1 && !into) {
            throw new IllegalArgumentException("several files go into a directory: end LOCAL with /, as in "
                    + local + "/");
        }
        if (local.equals("-") && sources.size() > 1) {
            throw new IllegalArgumentException("- (standard output) takes one file");
        }
        return sources.stream().map(remote -> new Copy(remote,
                into && !local.equals("-") ? Names.inside(local, Names.baseName(remote)) : local)).toList();
    }

    private static void requireSources(List<String> operands, String what) {
        if (operands.isEmpty()) {
            throw new IllegalArgumentException("which file? (" + what + " is missing)");
        }
    }
}
