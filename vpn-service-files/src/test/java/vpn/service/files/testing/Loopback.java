package vpn.service.files.testing;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import vpn.api.service.Channel;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.service.files.server.ServedFolder;

/**
 * A client's channel wired to the real server half in memory, standing in for the core: what the
 * client sends goes to the session's handler, one message at a time as the session's thread
 * would; what the server sends lands in the channel's receive queue, through an optional edit (a
 * server or a wire that tampers).
 */
public final class Loopback implements Channel {

    private static final Object END = new Object();

    private final BlockingQueue<Object> toClient = new LinkedBlockingQueue<>();
    private final SessionHandler handler;
    private final Session session;
    private volatile UnaryOperator<byte[]> wire = UnaryOperator.identity();
    private boolean ended;

    public Loopback(ServedFolder folder, User user) {
        this.session = new Session(user);
        this.handler = folder.open(session);
    }

    /** Everything the server sends passes through {@code edit}. */
    public void tamper(UnaryOperator<byte[]> edit) {
        this.wire = edit;
    }

    public FakeSession session() {
        return session;
    }

    @Override
    public synchronized void send(byte[] message) throws IOException {
        if (ended) {
            throw new IOException("Socket closed");
        }
        try {
            handler.onMessage(message);
        } catch (ServiceException e) {
            end(new IOException("Connection reset (the server ended the session: " + e.getMessage() + ")"));
        }
    }

    @Override
    public Optional<byte[]> receive() throws IOException {
        Object next;
        try {
            next = toClient.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException();
        }
        if (next instanceof IOException failure) {
            toClient.add(failure);
            throw failure;
        }
        if (next == END) {
            toClient.add(END);
            return Optional.empty();
        }
        return Optional.of((byte[]) next);
    }

    @Override
    public Optional<byte[]> awaitReply(byte[] expected) throws IOException {
        return receive();
    }

    @Override
    public int maxMessageBytes() {
        return 65536;
    }

    @Override
    public void close() {
        end(END);
    }

    /** The connection breaks: the client's next receive fails, the server sees the session end. */
    public void breakConnection() {
        end(new IOException("Connection reset"));
    }

    private void end(Object how) {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        handler.onClose();
        toClient.add(how);
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
            toClient.add(wire.apply(message));
        }
    }
}
