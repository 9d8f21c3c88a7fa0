package vpn.service.files.testing;

import java.io.IOException;
import java.util.function.UnaryOperator;
import vpn.api.service.User;
import vpn.service.files.server.ServedFolder;
import vpn.testing.LoopbackChannel;

/**
 * A client's channel wired to the real server half in memory ({@link LoopbackChannel}); what the
 * server sends passes through an optional edit (a server or a wire that tampers).
 */
public final class Loopback extends LoopbackChannel {

    private final Session session;
    private volatile UnaryOperator<byte[]> wire = UnaryOperator.identity();
    private volatile UnaryOperator<byte[]> requests = UnaryOperator.identity();

    public Loopback(ServedFolder folder, User user) {
        this.session = new Session(user);
        open(folder.open(session));
    }

    /** Everything the server sends passes through {@code edit}. */
    public void tamper(UnaryOperator<byte[]> edit) {
        this.wire = edit;
    }

    /**
     * Everything the client sends passes through {@code edit} before the server half reads it:
     * with {@link #tamper}, a server that lies about its folder and answers its own lies.
     */
    public void tamperRequests(UnaryOperator<byte[]> edit) {
        this.requests = edit;
    }

    @Override
    public void send(byte[] message) throws IOException {
        super.send(requests.apply(message));
    }

    public FakeSession session() {
        return session;
    }

    /** The connection breaks: the client's next receive fails, the server sees the session end. */
    public void breakConnection() {
        breakConnection("Connection reset");
    }

    private final class Session extends FakeSession {

        Session(User user) {
            super(user);
        }

        @Override
        public void send(byte[] message) throws IOException {
            if (message.length > maxMessageBytes()) {
                throw new IllegalArgumentException("a message holds at most " + maxMessageBytes() + " bytes");
            }
            deliver(wire.apply(message));
        }
    }
}
