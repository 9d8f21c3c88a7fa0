package vpn.testing;

import java.util.Optional;
import vpn.api.service.ServiceSession;
import vpn.api.service.User;

/**
 * A server session for a service's tests, without a network: one user, a fixed peer, no log,
 * nothing to close. A subclass says what becomes of what the service sends.
 */
public abstract class QuietSession implements ServiceSession {

    private final User user;
    private final int maxMessageBytes;

    protected QuietSession(User user, int maxMessageBytes) {
        this.user = user;
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    @Override
    public Optional<User> user() {
        return Optional.of(user);
    }

    @Override
    public String peer() {
        return "127.0.0.1:40000";
    }

    @Override
    public void log(String line) {
    }

    @Override
    public void close() {
    }

    @Override
    public void disconnect(String reason) {
    }
}
