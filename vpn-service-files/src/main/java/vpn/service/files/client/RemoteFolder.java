package vpn.service.files.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import vpn.service.files.protocol.Entry;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Entries;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.ListFiles;
import vpn.service.files.protocol.FilesMessage.MakeDirectory;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Remove;

/** The requests on the served folder itself: list, make a directory, remove. */
final class RemoteFolder {

    private final FilesConnection connection;

    RemoteFolder(FilesConnection connection) {
        this.connection = connection;
    }

    /** The entries of a directory (or the one entry of a file), sorted by name. */
    List<Entry> list(String remote) throws IOException, TransferException {
        int id = connection.newId();
        connection.send(new ListFiles(id, remote));
        List<Entry> entries = new ArrayList<>();
        while (true) {
            switch (connection.next(id)) {
                case Entries part -> {
                    entries.addAll(part.entries());
                    if (part.last()) {
                        return entries;
                    }
                }
                case Failed f -> throw TransferException.from(f);
                case FilesMessage other -> throw FilesConnection.unexpected(other, "a LIST");
            }
        }
    }

    void makeDirectory(String remote, boolean existingIsFine) throws IOException, TransferException {
        int id = connection.newId();
        connection.send(new MakeDirectory(id, existingIsFine, remote));
        done(id, "an MKDIR");
    }

    /** Removes {@code remote}; with {@code tree}, a directory with everything in it. */
    void remove(String remote, boolean tree) throws IOException, TransferException {
        int id = connection.newId();
        connection.send(new Remove(id, tree, remote));
        done(id, "a REMOVE");
    }

    private void done(int id, String request) throws IOException, TransferException {
        switch (connection.next(id)) {
            case Ok ok -> {
            }
            case Failed f -> throw TransferException.from(f);
            case FilesMessage other -> throw FilesConnection.unexpected(other, request);
        }
    }
}
