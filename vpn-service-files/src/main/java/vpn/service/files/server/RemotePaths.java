package vpn.service.files.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import vpn.api.service.Printable;
import vpn.service.files.protocol.FilesProtocol;
import vpn.service.files.protocol.Reason;
import vpn.service.files.storage.PartFile;

/**
 * Resolves a client's path inside the served folder, or refuses it with the reason. A client's
 * path is relative to the folder, with {@code /} between names; refused are: absolute paths,
 * {@code ..}, NUL and other control characters, names longer than 255 bytes, the hidden names of
 * partial files, and every symbolic link, at any step, that leads out of the folder (each step is
 * resolved with {@link Path#toRealPath} and must stay under the folder's real path).
 *
 * <p>What this cannot close: someone with a shell on the server who swaps a checked directory for
 * a link between the check and the use. Clients of the service cannot make links, so that takes
 * local access; reads open the resolved real path without following a link at its last step, and
 * writes create their file with O_EXCL and rename it, neither of which follows a final link.
 */
public final class RemotePaths {

    private final Path root;

    /** @param root the served folder; it must exist */
    public RemotePaths(Path root) throws IOException {
        this.root = root.toRealPath();
    }

    /** The served folder's real path. */
    public Path root() {
        return root;
    }

    /** What a path names, once resolved: the path as the server shows it, and where it is. */
    public record Resolved(String display, Path path) {
    }

    /**
     * An existing file or directory to read ({@code ""} is the folder itself): the real path, a
     * link at the end followed as long as it stays inside.
     *
     * @throws Refusal BAD_PATH, NOT_FOUND, NOT_A_DIRECTORY (a step that is a file)
     */
    public Resolved forReading(String remote) throws Refusal {
        List<String> names = names(remote);
        if (names.isEmpty()) {
            return new Resolved("", root);
        }
        String display = String.join("/", names);
        Path candidate = parent(names, display).resolve(names.getLast());
        if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            throw notFound(display);
        }
        Path real;
        try {
            real = candidate.toRealPath();
        } catch (NoSuchFileException dangling) {
            throw notFound(display);
        } catch (IOException e) {
            throw new Refusal(Reason.BAD_PATH, quote(display) + ": " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw leadsOut(display);
        }
        if (PartFile.isPartName(real.getFileName().toString())) {
            throw notFound(display);
        }
        return new Resolved(display, real);
    }

    /**
     * A name to create or replace: in a directory that exists inside the folder; a link at that
     * name is refused if it leads out, and is otherwise replaced, never followed.
     *
     * @throws Refusal BAD_PATH, NOT_FOUND (the directory), NOT_A_DIRECTORY
     */
    public Resolved forWriting(String remote) throws Refusal {
        List<String> names = names(remote);
        if (names.isEmpty()) {
            throw new Refusal(Reason.BAD_PATH, "a name is needed: the served folder itself cannot be written");
        }
        String display = String.join("/", names);
        Path candidate = parent(names, display).resolve(names.getLast());
        if (Files.isSymbolicLink(candidate) && !inside(linkTarget(candidate))) {
            throw leadsOut(display);
        }
        return new Resolved(display, candidate);
    }

    /** The kind of an existing path, not following a link. */
    public static BasicFileAttributes attributes(Path path) throws IOException {
        return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    /** Each directory on the way, resolved to its real path, which must stay inside. */
    private Path parent(List<String> names, String display) throws Refusal {
        Path current = root;
        for (int i = 0; i < names.size() - 1; i++) {
            Path next = current.resolve(names.get(i));
            String step = String.join("/", names.subList(0, i + 1));
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                throw new Refusal(Reason.NOT_FOUND, "no such directory: " + quote(step));
            }
            try {
                current = next.toRealPath();
            } catch (IOException dangling) {
                throw new Refusal(Reason.NOT_FOUND, "no such directory: " + quote(step));
            }
            if (!current.startsWith(root)) {
                throw leadsOut(display);
            }
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                throw new Refusal(Reason.NOT_A_DIRECTORY, quote(step) + " is not a directory");
            }
        }
        return current;
    }

    /** Where a link leads: its real path, or for a dangling link its target taken literally. */
    private static Path linkTarget(Path link) throws Refusal {
        try {
            return link.toRealPath();
        } catch (NoSuchFileException dangling) {
            try {
                return link.getParent().resolve(Files.readSymbolicLink(link)).normalize();
            } catch (IOException e) {
                throw new Refusal(Reason.BAD_PATH, "cannot read the link " + link.getFileName() + ": " + e.getMessage());
            }
        } catch (IOException e) {
            throw new Refusal(Reason.BAD_PATH, "cannot resolve the link " + link.getFileName() + ": " + e.getMessage());
        }
    }

    private boolean inside(Path path) {
        return path.startsWith(root);
    }

    /** The names of a path, checked one by one; {@code ""}, {@code .} and empty steps name the folder. */
    static List<String> names(String remote) throws Refusal {
        if (remote.indexOf('\0') >= 0) {
            throw new Refusal(Reason.BAD_PATH, quote(remote) + ": a path may not contain a NUL character");
        }
        if (remote.codePoints().anyMatch(RemotePaths::isControl)) {
            throw new Refusal(Reason.BAD_PATH, quote(remote) + ": a path may not contain control characters");
        }
        if (remote.startsWith("/")) {
            throw new Refusal(Reason.BAD_PATH, quote(remote) + ": absolute paths are not allowed; paths are "
                    + "relative to the served folder");
        }
        List<String> names = new ArrayList<>();
        for (String name : remote.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw new Refusal(Reason.BAD_PATH, quote(remote) + ": '..' is not allowed in a path");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > FilesProtocol.MAX_NAME_BYTES) {
                throw new Refusal(Reason.BAD_PATH, quote(remote) + ": a name is longer than "
                        + FilesProtocol.MAX_NAME_BYTES + " bytes");
            }
            if (PartFile.isPartName(name)) {
                throw new Refusal(Reason.BAD_PATH, quote(remote) + ": names of the form .NAME" + PartFile.SUFFIX
                        + " are reserved for partial transfers");
            }
            if (!holdable(name)) {
                throw new Refusal(Reason.BAD_PATH, quote(remote) + ": this server's file names cannot hold "
                        + quote(name) + " (they are in " + System.getProperty("sun.jnu.encoding", "another encoding") + ")");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * Whether the file system can hold {@code name}: a server whose file names are not UTF-8 (run
     * in a C locale) cannot map most of Unicode, and the JDK then throws {@link InvalidPathException}.
     */
    private static boolean holdable(String name) {
        try {
            Path.of(name);
            return true;
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** C0 and C1 controls, DEL, and the Unicode line and paragraph separators (as {@link Printable}). */
    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || c == 0x2028 || c == 0x2029;
    }

    private static Refusal notFound(String display) {
        return new Refusal(Reason.NOT_FOUND, "no such file or directory: " + quote(display));
    }

    private static Refusal leadsOut(String display) {
        return new Refusal(Reason.BAD_PATH, quote(display) + " leads out of the served folder (a symbolic link)");
    }

    /** A path in a message: escaped, so a client's control characters cannot reach a terminal or a log. */
    static String quote(String path) {
        return Printable.of(path);
    }
}
