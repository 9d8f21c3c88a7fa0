package vpn.service.files.server;

import java.io.IOException;
import java.time.Clock;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;

/**
 * The served folder and what every session shares: the settings, the path rules and the targets
 * being written. Opens one handler per session.
 */
public final class ServedFolder {

    private final FilesSettings settings;
    private final RemotePaths paths;
    private final WriteLocks locks = new WriteLocks();
    private final Clock clock;

    public ServedFolder(FilesSettings settings, Clock clock) throws IOException {
        this.settings = settings;
        this.paths = new RemotePaths(settings.root());
        this.clock = clock;
    }

    public RemotePaths paths() {
        return paths;
    }

    public FilesSettings settings() {
        return settings;
    }

    WriteLocks locks() {
        return locks;
    }

    Clock clock() {
        return clock;
    }

    /** A session's handler; the core opens the file service only for an authenticated user. */
    public SessionHandler open(ServiceSession session) {
        User user = session.user().orElseThrow(() -> new IllegalStateException("the file service needs users"));
        return new FilesSessionHandler(this, session, user);
    }

    /** Deletes the partial files left longer than they are kept. */
    public int sweepExpiredPartials() {
        return new PartialSweeper(paths.root(), locks, clock).sweep();
    }
}
