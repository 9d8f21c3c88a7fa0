package vpn.core.server;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions a server runs, so that shutting down can end each one properly. */
final class OpenSessions {

    private final Set<ActiveSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** A session has begun; once the server is closing, it is ended at once. */
    void add(ActiveSession session) {
        sessions.add(session);
        if (closing) {
            // closeAll may have passed it by: ending a session twice is harmless.
            session.close();
        }
    }

    void remove(ActiveSession session) {
        sessions.remove(session);
    }

    int size() {
        return sessions.size();
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

    /**
     * Ends every session with its close (secure mode's authenticated Close), and every session that
     * begins from now on. Each close runs on a thread of its own, because sending Close to a peer
     * that does not read blocks: such a peer holds up no other. Waits for them up to {@code grace};
     * the caller cuts the connections that are still open then.
     */
    void closeAll(Duration grace) throws InterruptedException {
        closing = true;
        List<Thread> closers = sessions.stream()
                .map(session -> Thread.ofVirtual().name("close " + session.peer()).start(session::close))
                .toList();
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread closer : closers) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !closer.join(Duration.ofNanos(left))) {
                return;
            }
        }
    }
}
