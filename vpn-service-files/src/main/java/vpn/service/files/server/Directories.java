package vpn.service.files.server;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import vpn.service.files.protocol.Reason;
import vpn.service.files.server.RemotePaths.Resolved;

/** {@code vpn mkdir} and {@code vpn rm} on the server: one directory made, one file or empty directory removed. */
final class Directories {

    private final RemotePaths paths;
    private final WriteLocks locks;

    Directories(RemotePaths paths, WriteLocks locks) {
        this.paths = paths;
        this.locks = locks;
    }

    /**
     * @return the path made, as the server shows it
     * @throws Refusal EXISTS (unless {@code existingIsFine} and it is a directory), the path's refusals
     */
    String makeDirectory(String remote, boolean existingIsFine) throws Refusal {
        Resolved target = paths.forWriting(remote);
        String name = RemotePaths.quote(target.display());
        try {
            Files.createDirectory(target.path());
        } catch (FileAlreadyExistsException e) {
            if (!existingIsFine || !Files.isDirectory(target.path())) {
                throw new Refusal(Reason.EXISTS, name + " exists on the server");
            }
        } catch (IOException e) {
            throw new Refusal(Reason.WRITE_FAILED, "cannot make " + name + " on the server: " + e.getMessage());
        }
        return target.display();
    }

    /**
     * Removes a file, a link (not what it leads to) or an empty directory.
     *
     * @return the path removed, as the server shows it
     * @throws Refusal NOT_FOUND, NOT_EMPTY, BUSY (being written), the path's refusals
     */
    /**
     * Removes a file, a link, or a directory with everything in it, depth first. Links are
     * removed, never followed, so nothing outside the tree is touched.
     *
     * @return the path removed, as the server shows it
     * @throws Refusal NOT_FOUND, BUSY (something in it is being written), BAD_PATH for the served
     *     folder itself, WRITE_FAILED naming what could not be removed (what was removed before stays removed)
     */
    String removeTree(String remote) throws Refusal {
        Resolved target = paths.forWriting(remote);
        String name = RemotePaths.quote(target.display());
        if (target.path().equals(paths.root())) {
            throw new Refusal(Reason.BAD_PATH, "the served folder itself cannot be removed");
        }
        if (!Files.isDirectory(target.path(), LinkOption.NOFOLLOW_LINKS)) {
            return remove(remote);
        }
        if (locks.heldUnder(target.path())) {
            throw new Refusal(Reason.BUSY, name + " holds a file that is being written by another transfer");
        }
        try {
            Files.walkFileTree(target.path(), new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.delete(file); // a link too: walkFileTree does not follow links
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    Files.delete(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (FileSystemException e) {
            // Named relative to the served folder: the client never sees the server's own paths.
            String file = e.getFile() == null ? name
                    : RemotePaths.quote(paths.root().relativize(Path.of(e.getFile())).toString());
            throw new Refusal(Reason.WRITE_FAILED, "cannot remove " + file + " on the server"
                    + (e.getReason() == null ? "" : ": " + e.getReason()) + "; what was removed before it stays removed");
        } catch (IOException e) {
            throw new Refusal(Reason.WRITE_FAILED, "cannot remove all of " + name + " on the server");
        }
        return target.display();
    }

    String remove(String remote) throws Refusal {
        Resolved target = paths.forWriting(remote);
        String name = RemotePaths.quote(target.display());
        if (locks.held(target.path())) {
            throw new Refusal(Reason.BUSY, name + " is being written by another transfer");
        }
        if (!Files.exists(target.path(), LinkOption.NOFOLLOW_LINKS)) {
            throw new Refusal(Reason.NOT_FOUND, "no such file or directory: " + name);
        }
        try {
            Files.delete(target.path());
        } catch (DirectoryNotEmptyException e) {
            throw new Refusal(Reason.NOT_EMPTY, name + " is a directory that is not empty");
        } catch (NoSuchFileException e) {
            throw new Refusal(Reason.NOT_FOUND, "no such file or directory: " + name);
        } catch (IOException e) {
            throw new Refusal(Reason.WRITE_FAILED, "cannot remove " + name + " on the server: " + e.getMessage());
        }
        return target.display();
    }
}
