package vpn.service.files.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import vpn.api.service.ExitCode;
import vpn.service.files.protocol.Entry;
import vpn.service.files.storage.Sha256;

/**
 * What the file commands do over one session: copy files each way (one after the other, a failed
 * one reported and the next one tried), trees with {@code -r}, list, make and remove. Each method
 * returns the exit code of its call: 0, or that of the first request that failed.
 */
public final class FilesClient {

    /**
     * One copy: from where to where, each as the user typed it or as it follows from that.
     * {@code intoIfDirectory}: the target was typed without a trailing {@code /}, so it names
     * the copy itself unless it is an existing directory, which the copy then goes into (as scp
     * and cp do).
     */
    public record Copy(String from, String to, boolean intoIfDirectory) {
        public Copy(String from, String to) {
            this(from, to, false);
        }
    }

    /** How copies are made: {@code --force}, {@code --resume}, {@code -r}. */
    public record CopyOptions(boolean force, boolean resume, boolean recursive) {
    }

    /**
     * Uploads sent whose verdict may still be outstanding: the server commits them (fsync,
     * rename) while the next files are sent, which is what makes many small files fast. The
     * server allows 8 open requests; the file being sent and a MKDIR need two.
     */
    private static final int COMMITS_IN_FLIGHT = 6;

    /** An upload whose END is sent, with the name its checksum line shows. */
    private record Committing(Uploader.Sent sent, String local) {
    }

    private final FilesConnection connection;
    private final Output output;
    private final RemoteFolder folder;
    /** Oldest first: verdicts are reported in the order the files were sent. */
    private final Deque<Committing> committing = new ArrayDeque<>();
    /** The current call's exit code so far. */
    private int exitCode = ExitCode.OK;

    public FilesClient(FilesConnection connection, Output output) {
        this.connection = connection;
        this.output = output;
        this.folder = new RemoteFolder(connection);
    }

    /** {@code vpn put}: local files (or standard input, {@code -}) to the server. */
    public int put(List<Copy> copies, CopyOptions options) throws IOException {
        exitCode = ExitCode.OK;
        for (Copy copy : copies) {
            String to = copy.intoIfDirectory() && isRemoteDirectory(copy.to())
                    ? Names.inside(copy.to(), Names.baseName(copy.from())) : copy.to();
            if (options.recursive() && Files.isDirectory(Path.of(copy.from()))) {
                putTree(copy.from(), to, options);
            } else {
                putFile(copy.from(), to, options);
            }
        }
        while (!committing.isEmpty()) {
            settleOldest();
        }
        return exitCode;
    }

    private void putFile(String local, String remote, CopyOptions options) throws IOException {
        try (LocalSource source = local.equals("-") ? LocalSource.standardInput(output.terminal().dataIn())
                : LocalSource.file(local)) {
            Uploader.Sent sent = new Uploader(connection, output).send(source, remote, options.force(), options.resume());
            connection.defer(sent.id());
            committing.add(new Committing(sent, local));
        } catch (TransferException e) {
            failed(e);
        }
        while (committing.size() >= COMMITS_IN_FLIGHT) {
            settleOldest();
        }
    }

    /** The oldest sent upload's verdict: its checksum line, or its error. */
    private void settleOldest() throws IOException {
        Committing oldest = committing.remove();
        try {
            byte[] sha = Uploader.verdict(oldest.sent(), connection.verdict(oldest.sent().id()));
            output.checksum(Sha256.line(sha, oldest.local()), false);
        } catch (TransferException e) {
            failed(e);
        }
    }

    private void putTree(String local, String remote, CopyOptions options) throws IOException {
        try {
            folder.makeDirectory(remote, true);
        } catch (TransferException e) {
            failed(e);
            return;
        }
        for (Path child : children(Path.of(local))) {
            String name = child.getFileName().toString();
            String from = Names.inside(local, name);
            if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
                putTree(from, Names.inside(remote, name), options);
            } else if (Files.isRegularFile(child)) {
                putFile(from, Names.inside(remote, name), options);
            } else {
                output.warning("skipped " + from + ": not a regular file");
            }
        }
    }

    /** {@code vpn get}: files of the server to local files (or standard output, {@code -}). */
    public int get(List<Copy> copies, CopyOptions options) throws IOException {
        exitCode = ExitCode.OK;
        for (Copy copy : copies) {
            if (options.recursive() && !copy.to().equals("-") && isRemoteDirectory(copy.from())) {
                getTree(copy.from(), copy.to(), options);
            } else {
                getFile(copy.from(), copy.to(), options);
            }
        }
        return exitCode;
    }

    private void getFile(String remote, String local, CopyOptions options) throws IOException {
        try (LocalTarget target = local.equals("-") ? LocalTarget.standardOutput(output.terminal().dataOut())
                : LocalTarget.file(local, options.force(), options.resume())) {
            byte[] sha = new Downloader(connection, output).get(remote, target, options.force(), options.resume());
            output.checksum(Sha256.line(sha, local), target.standardOutput());
        } catch (TransferException e) {
            failed(e);
        }
    }

    /**
     * A directory of the server into {@code local}, depth first. The names joined to {@code local}
     * are the server's, each one name of a folder: the codec refuses a listing with any other
     * ({@link Entry#isOneName}), so a server cannot lead this out of {@code local}.
     */
    private void getTree(String remote, String local, CopyOptions options) throws IOException {
        try {
            Path directory = Path.of(local);
            if (!Files.isDirectory(directory)) {
                Files.createDirectory(directory);
            }
        } catch (IOException e) {
            failed(TransferException.failed("cannot make " + local + ": " + e.getMessage()));
            return;
        }
        try {
            for (Entry entry : folder.list(remote)) {
                String from = Names.inside(remote, entry.name());
                String to = Names.inside(local, entry.name());
                if (entry.kind() == Entry.Kind.DIRECTORY) {
                    getTree(from, to, options);
                } else {
                    getFile(from, to, options);
                }
            }
        } catch (TransferException e) {
            failed(e);
        }
    }

    /** Whether {@code remote} is a directory: its entry in its parent's listing says so. */
    private boolean isRemoteDirectory(String remote) throws IOException {
        String name = Names.baseName(remote);
        String parent = remote.endsWith("/") ? remote.substring(0, remote.length() - 1) : remote;
        parent = parent.contains("/") ? parent.substring(0, parent.lastIndexOf('/')) : "";
        try {
            return folder.list(parent).stream()
                    .anyMatch(e -> e.name().equals(name) && e.kind() == Entry.Kind.DIRECTORY);
        } catch (TransferException e) {
            return false; // the GET itself will say what is wrong
        }
    }

    /** {@code vpn ls}: one line per entry. */
    public int list(String remote) throws IOException {
        exitCode = ExitCode.OK;
        try {
            ListingFormat.lines(folder.list(remote)).forEach(output.terminal()::line);
        } catch (TransferException e) {
            failed(e);
        }
        return exitCode;
    }

    /** {@code vpn mkdir}. */
    public int makeDirectories(List<String> remotes) throws IOException {
        exitCode = ExitCode.OK;
        for (String remote : remotes) {
            try {
                folder.makeDirectory(remote, false);
            } catch (TransferException e) {
                failed(e);
            }
        }
        return exitCode;
    }

    /** {@code vpn rm}; {@code recursive} ({@code -r}): directories with everything in them. */
    public int remove(List<String> remotes, boolean recursive) throws IOException {
        exitCode = ExitCode.OK;
        for (String remote : remotes) {
            try {
                folder.remove(remote, recursive);
            } catch (TransferException e) {
                failed(e);
            }
        }
        return exitCode;
    }

    private void failed(TransferException e) {
        output.error(e.getMessage());
        if (exitCode == ExitCode.OK) {
            exitCode = e.exitCode();
        }
    }

    private List<Path> children(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.sorted().toList();
        }
    }
}
