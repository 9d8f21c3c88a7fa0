package vpn.service.files.server;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
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
