package vpn.service.chat.testing;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.UnaryOperator;
import vpn.api.service.Channel;
import vpn.api.service.Identity;
import vpn.api.service.Service;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;

/**
 * A client's channel wired to the real service in memory, standing in for the core: what the
 * client sends goes to the session's handler, one message at a time as the core's session thread
 * would; what the service sends to the session lands in the channel's receive queue. A malformed
 * message ends the session as the core would; the server's side can be tampered with.
 */
public final class Loopback implements Channel {

    /** The session ended properly. */
    private static final Object END = new Object();

    private final TestUser user;
    private final BlockingQueue<Object> toClient = new LinkedBlockingQueue<>();
    private final List<ClientMessage> fromClient = new CopyOnWriteArrayList<>();
    private final LoopbackSession session;
    private final SessionHandler handler;
    private volatile UnaryOperator<byte[]> server = UnaryOperator.identity();
    private boolean ended;

    private Loopback(Service service, TestUser user) throws IOException {
        this.user = user;
        this.session = new LoopbackSession(user);
        this.handler = service.open(session);
    }

    /** Opens a session of {@code user} on {@code service}. */
    public static Loopback connect(Service service, TestUser user) throws IOException {
        return new Loopback(service, user);
    }

    /** Everything the service sends this session passes through {@code edit} first: a server that tampers. */
    public void serverEdits(UnaryOperator<byte[]> edit) {
        this.server = edit;
    }

    /** The messages the client sent, decoded. */
    public List<ClientMessage> fromClient() {
        return fromClient;
    }

    public FakeSession session() {
        return session;
    }

    @Override
    public void send(byte[] message) throws IOException {
        synchronized (this) {
            if (ended) {
                throw new IOException("Socket closed");
            }
            try {
                fromClient.add(ClientCodec.decode(message));
                handler.onMessage(message);
            } catch (ServiceException e) {
                end(new IOException("Connection reset (the server ended the session: " + e.getMessage() + ")"));
            }
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
    public Optional<Identity> identity() {
        return Optional.of(user);
    }

    /** The client leaves properly. */
    @Override
    public void close() {
        end(END);
    }

    /** The connection breaks: the client's next receive fails with {@code reason}. */
    public void breakConnection(String reason) {
        end(new IOException(reason));
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

    /** The server's side of the session: feeds the client, or drops it as the core does. */
    private final class LoopbackSession extends FakeSession {

        LoopbackSession(TestUser user) {
            super(user.user(), user.name() + "@loopback");
        }

        @Override
        protected void deliver(byte[] message) throws IOException {
            super.deliver(message);
            toClient.add(server.apply(message));
        }

        @Override
        public void disconnect(String reason) {
            super.disconnect(reason);
            end(new IOException("Connection reset"));
        }
    }
}
