package vpn.service.tunnel.testing;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.testing.LoopbackChannel;
import vpn.testing.QuietSession;

/**
 * A client's channel wired to a server half in memory ({@link LoopbackChannel}), framed as secure
 * mode is; it keeps the server's log lines and why it ended the session.
 */
public final class Loopback extends LoopbackChannel {

    /** Opens the server half for a session. */
    @FunctionalInterface
    public interface Server {
        SessionHandler open(ServiceSession session) throws IOException;
    }

    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final User user;

    public Loopback(Server server, User user) throws IOException {
        this.user = user;
        open(server.open(new Session()));
    }

    /** The server's log lines for this session. */
    public List<String> log() {
        return log;
    }

    /** Why the server ended the session, if it did. */
    public List<String> failures() {
        return failures;
    }

    @Override
    protected void refused(ServiceException e) {
        failures.add(e.getMessage());
    }

    @Override
    public boolean framed() {
        return true;
    }

    private final class Session extends QuietSession {

        Session() {
            super(user, 65536);
        }

        @Override
        public void send(byte[] message) throws IOException {
            if (message.length > maxMessageBytes()) {
                throw new IllegalArgumentException("a message holds at most " + maxMessageBytes() + " bytes");
            }
            if (isEnded()) {
                throw new IOException("Socket closed");
            }
            deliver(message);
        }

        @Override
        public String peer() {
            return "127.0.0.1:1";
        }

        @Override
        public void log(String line) {
            log.add(line);
        }

        @Override
        public void close() {
            Loopback.this.close();
        }

        @Override
        public void disconnect(String reason) {
            Loopback.this.close();
        }
    }
}
