package vpn.core.server;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;

/**
 * The connections that have not finished their handshake, counted per source address, and
 * {@link MaxStartups} applied to each address on its own: one address flooding the server is
 * thinned and then stopped, while a client from another address is admitted as usual.
 * (OpenSSH's MaxStartups counts all addresses together; its PerSourceMaxStartups is a hard limit
 * per address. This is random early drop per address.) Thread-safe; the accept loop admits,
 * session threads finish.
 */
public final class Startups {

    private final MaxStartups limit;
    private final RandomGenerator random;
    /** Only addresses with at least one unauthenticated connection: bounded by the open connections. */
    private final Map<InetAddress, Integer> unauthenticated = new HashMap<>();

    /**
     * @param random the draws of random early drop (the server's SecureRandom; a seeded generator in tests).
     *     Used under this object's lock only, so it need not be thread-safe.
     */
    public Startups(MaxStartups limit, RandomGenerator random) {
        this.limit = limit;
        this.random = random;
    }

    public MaxStartups limit() {
        return limit;
    }

    /** A connection from {@code source}, admitted and counted until its {@link Startup#finish()}, or dropped. */
    public synchronized Optional<Startup> admit(InetAddress source) {
        int open = unauthenticated.getOrDefault(source, 0);
        if (limit.drops(open, random)) {
            return Optional.empty();
        }
        unauthenticated.put(source, open + 1);
        return Optional.of(new Startup(source));
    }

    /** Connections from {@code source} that have not finished their handshake. */
    public synchronized int unauthenticated(InetAddress source) {
        return unauthenticated.getOrDefault(source, 0);
    }

    /** How many addresses have unauthenticated connections (for tests and diagnostics). */
    public synchronized int sources() {
        return unauthenticated.size();
    }

    private synchronized void release(InetAddress source) {
        unauthenticated.computeIfPresent(source, (address, open) -> open == 1 ? null : open - 1);
    }

    /** One admitted connection until its handshake finishes or it ends, whichever comes first. */
    public final class Startup {
        private final InetAddress source;
        private final AtomicBoolean finished = new AtomicBoolean();

        private Startup(InetAddress source) {
            this.source = source;
        }

        /** The handshake finished, or the connection ended: it no longer counts. Idempotent. */
        public void finish() {
            if (finished.compareAndSet(false, true)) {
                release(source);
            }
        }
    }
}
