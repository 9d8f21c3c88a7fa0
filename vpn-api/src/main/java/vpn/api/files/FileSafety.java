package vpn.api.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.EnumSet;
import java.util.Set;

/**
 * OpenSSH's {@code StrictModes} for our trust and key files: a file, or the directory holding it, that
 * others can change is refused with one line naming the file and the fix. On file systems
 * without POSIX permissions (Windows) there is nothing to check, and nothing is refused.
 */
public final class FileSafety {

    private static final Set<PosixFilePermission> OTHERS_WRITE =
            EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    private static final Set<PosixFilePermission> OTHERS_ANY = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);
    private static final int STICKY = 01000;

    private FileSafety() {
    }

    public static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    /** Owner-only permissions to create {@code path} with: 0700 for a directory, 0600 for a file. */
    public static FileAttribute<?>[] ownerOnly(Path path, boolean directory) {
        if (!posix(path)) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))};
    }

    /** Creates the directory that will hold {@code file}, owner-only, if it is missing. */
    public static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            Files.createDirectories(parent, ownerOnly(parent, true));
        }
    }

    /**
     * Refuses an existing {@code file} that others may write; a {@code secret} file also if others
     * may read it, and then the fix is {@code chmod 600}, which mends both at once.
     */
    public static void checkFile(Path file, String what, boolean secret) throws IOException {
        if (!posix(file)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        String fix = secret ? "chmod 600 " : "chmod go-w ";
        if (permissions.stream().anyMatch(OTHERS_WRITE::contains)) {
            throw new IOException("the " + what + " " + file + " is writable by others ("
                    + PosixFilePermissions.toString(permissions) + "); run: " + fix + file);
        }
        if (secret && permissions.stream().anyMatch(OTHERS_ANY::contains)) {
            throw new IOException("the " + what + " " + file + " may be read by others ("
                    + PosixFilePermissions.toString(permissions) + "); run: " + fix + file);
        }
    }

    /**
     * Refuses the directory holding {@code file} if others may write it: they could replace the
     * file. A sticky directory (like /tmp) stops them, so it passes if the file is ours or absent
     * (we are about to create it).
     */
    public static void checkDirectory(Path file, String what) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null || !posix(dir)) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
        if (permissions.stream().noneMatch(OTHERS_WRITE::contains)) {
            return;
        }
        if (sticky(dir) && (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) || ownedByUs(file))) {
            return;
        }
        throw new IOException("the directory " + dir + " holding the " + what + " " + file
                + " is writable by others (" + PosixFilePermissions.toString(permissions) + "); run: chmod go-w " + dir);
    }

    /** Refuses {@code file} unless the user running this owns it. */
    public static void checkOwner(Path file, String what) throws IOException {
        if (!posix(file)) {
            return;
        }
        UserPrincipal owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS);
        UserPrincipal us = currentUser(file);
        if (!owner.equals(us)) {
            throw new IOException("the " + what + " " + file + " is owned by " + owner.getName() + ", not by "
                    + us.getName() + " who runs this; run: chown " + us.getName() + " " + file);
        }
    }

    private static boolean ownedByUs(Path file) throws IOException {
        return Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).equals(currentUser(file));
    }

    private static UserPrincipal currentUser(Path file) throws IOException {
        try {
            return file.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (UserPrincipalNotFoundException e) {
            // Containers run uids with no name: a file we create is owned by us, whatever we are called.
            Path probe = Files.createTempFile("customvpn-owner", ".tmp");
            try {
                return Files.getOwner(probe);
            } finally {
                Files.delete(probe);
            }
        }
    }

    /** POSIX permission sets cannot show the sticky bit; the "unix" view can, where there is one. */
    private static boolean sticky(Path dir) throws IOException {
        try {
            return (((Integer) Files.getAttribute(dir, "unix:mode")) & STICKY) != 0;
        } catch (UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return false; // cannot tell: treat as not sticky, so the directory is refused
        }
    }
}
