package vpn.service.files.server;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import vpn.service.files.protocol.Entry;
import vpn.service.files.protocol.Reason;
import vpn.service.files.server.RemotePaths.Resolved;
import vpn.service.files.storage.PartFile;

/**
 * What {@code vpn ls} sees: the files and directories a client could get or enter, sorted by
 * name. Left out are partial files, links that lead out of the folder, and devices, FIFOs and
 * sockets, none of which a client can use.
 */
final class Listing {

    private final RemotePaths paths;

    Listing(RemotePaths paths) {
        this.paths = paths;
    }

    /**
     * The entries of the directory {@code remote}, or the one entry of a file.
     *
     * @throws Refusal the path's refusals, NOT_A_FILE (a device), READ_FAILED
     */
    List<Entry> list(String remote) throws Refusal {
        Resolved resolved = paths.forReading(remote);
        try {
            if (!Files.isDirectory(resolved.path())) {
                return List.of(entry(resolved.path(), resolved.path().getFileName().toString())
                        .orElseThrow(() -> new Refusal(Reason.NOT_A_FILE, RemotePaths.quote(resolved.display())
                                + " is not a regular file (a device, FIFO or socket)")));
            }
            List<Entry> entries = new ArrayList<>();
            try (DirectoryStream<Path> children = Files.newDirectoryStream(resolved.path())) {
                for (Path child : children) {
                    String name = child.getFileName().toString();
                    if (!PartFile.isPartName(name) && leadsInside(child)) {
                        entry(child, name).ifPresent(entries::add);
                    }
                }
            }
            entries.sort(Comparator.comparing(Entry::name));
            return entries;
        } catch (IOException e) {
            throw new Refusal(Reason.READ_FAILED, "cannot list " + RemotePaths.quote(resolved.display()) + ": "
                    + e.getMessage());
        }
    }

    private boolean leadsInside(Path child) {
        if (!Files.isSymbolicLink(child)) {
            return true;
        }
        try {
            return child.toRealPath().startsWith(paths.root());
        } catch (IOException dangling) {
            return false;
        }
    }

    /** A file or a directory (a link inside the folder as what it leads to); empty for anything else. */
    private static Optional<Entry> entry(Path path, String name) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (java.nio.file.NoSuchFileException gone) {
            return Optional.empty();
        }
        long modified = attributes.lastModifiedTime().toInstant().getEpochSecond();
        if (attributes.isDirectory()) {
            return Optional.of(new Entry(Entry.Kind.DIRECTORY, 0, modified, name));
        }
        if (attributes.isRegularFile()) {
            return Optional.of(new Entry(Entry.Kind.FILE, attributes.size(), modified, name));
        }
        return Optional.empty();
    }
}
