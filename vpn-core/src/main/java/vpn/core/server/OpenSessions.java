package vpn.core.server;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions a server runs, so that shutting down can end each one properly. */
final class OpenSessions {

    private final Set<ActiveSession> sessions = ConcurrentHashMap.newKeySet();

    void add(ActiveSession session) {
        sessions.add(session);
    }

    void remove(ActiveSession session) {
        sessions.remove(session);
    }

    /** Ends every session with its close (secure mode's authenticated Close). */
    void closeAll() {
        sessions.forEach(ActiveSession::close);
    }
}
