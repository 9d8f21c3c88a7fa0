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

    /** Ends, with its close, every session whose user {@code ended} picks; returns how many. */
    int closeWhere(java.util.function.Predicate<vpn.api.service.User> ended, String reason) {
        int count = 0;
        for (ActiveSession session : sessions) {
            if (session.user().filter(ended).isPresent()) {
                session.event("Ending the session of " + session.user().get().name() + " from " + session.peer()
                        + ": " + reason);
                session.close();
                count++;
            }
        }
        return count;
    }

    /** Ends every session with its close (secure mode's authenticated Close). */
    void closeAll() {
        sessions.forEach(ActiveSession::close);
    }
}
