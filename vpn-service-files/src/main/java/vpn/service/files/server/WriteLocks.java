package vpn.service.files.server;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The targets being written right now, by any session: one upload per name at a time, so that two
 * never share a partial file. Shared by the sessions of one server.
 */
public final class WriteLocks {

    private final Set<Path> writing = ConcurrentHashMap.newKeySet();

    /** Takes {@code target}; false if another transfer holds it. */
    boolean acquire(Path target) {
        return writing.add(target);
    }

    void release(Path target) {
        writing.remove(target);
    }

    /** True if a transfer is writing {@code directory} or anything under it. */
    boolean heldUnder(Path directory) {
        return writing.stream().anyMatch(path -> path.startsWith(directory));
    }

    boolean held(Path target) {
        return writing.contains(target);
    }
}
