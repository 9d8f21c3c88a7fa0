package vpn.service.tunnel.testing;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import vpn.api.service.Channel;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;

/**
 * A client's channel wired to a server half in memory, standing in for the core: the client's
 * messages go to the handler one at a time, as the session's thread would hand them; the server's
 * land in the channel's receive queue. A {@link ServiceException} ends the session, as the core does.
 */
public final class Loopback implements Channel {

    /** Opens the server half for a session. */
    @FunctionalInterface
    public interface Server {
        SessionHandler open(ServiceSession session) throws IOException;
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> toClient = new LinkedBlockingQueue<>();
    private final SessionHandler handler;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final User user;
    private boolean ended;

    public Loopback(Server server, User user) throws IOException {
        this.user = user;
        this.handler = server.open(new Session());
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
    public synchronized void send(byte[] message) throws IOException {
        if (ended) {
            throw new IOException("Socket closed");
        }
        try {
            handler.onMessage(message);
        } catch (ServiceException e) {
            failures.add(e.getMessage());
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
    public boolean framed() {
        return true;
    }

    @Override
    public int maxMessageBytes() {
        return 65536;
    }

    @Override
    public void close() {
        end(END);
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

    private final class Session implements ServiceSession {

        @Override
        public void send(byte[] message) throws IOException {
            if (message.length > maxMessageBytes()) {
                throw new IllegalArgumentException("a message holds at most " + maxMessageBytes() + " bytes");
            }
            synchronized (Loopback.this) {
                if (ended) {
                    throw new IOException("Socket closed");
                }
            }
            toClient.add(message);
        }

        @Override
        public int maxMessageBytes() {
            return 65536;
        }

        @Override
        public Optional<User> user() {
            return Optional.of(user);
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
