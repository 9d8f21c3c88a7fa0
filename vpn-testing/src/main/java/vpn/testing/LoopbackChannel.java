package vpn.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import vpn.api.service.Channel;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;

/**
 * A client's channel wired to a service's server half in memory, standing in for the core, for
 * the service modules' tests. What the client sends goes to the session's handler, one message at
 * a time, as the core's session thread would hand them. What the server half {@link #deliver}s
 * lands in the client's receive queue. A {@link ServiceException} from the handler ends the
 * session as the core does: the server half's {@code onClose}, then a reset for the client.
 *
 * <p>A subclass makes its server-side session, then calls {@link #open} with the handler the
 * service gave it.
 */
public abstract class LoopbackChannel implements Channel {

    /** The session ended properly. */
    private static final Object END = new Object();

    private final BlockingQueue<Object> toClient = new LinkedBlockingQueue<>();
    private SessionHandler handler;
    private boolean ended; // guarded by this

    /** The server half's handler for this session, once the subclass's session is made. */
    protected final void open(SessionHandler sessionHandler) {
        this.handler = sessionHandler;
    }

    /** Before the handler gets the client's message: a subclass may record or check it. */
    protected void sending(byte[] message) throws ServiceException {
    }

    /** The server half ended the session over a message that broke its protocol. */
    protected void refused(ServiceException e) {
    }

    @Override
    public void send(byte[] message) throws IOException {
        synchronized (this) {
            if (ended) {
                throw new IOException("Socket closed");
            }
            try {
                sending(message);
                handler.onMessage(message);
            } catch (ServiceException e) {
                refused(e);
                end(new IOException("Connection reset (the server ended the session: " + e.getMessage() + ")"));
            }
        }
    }

    /** What the server half sends: the client receives it next, after what came before. */
    protected final void deliver(byte[] message) {
        toClient.add(message);
    }

    /** Whether the session ended, either way. */
    protected final synchronized boolean isEnded() {
        return ended;
    }

    @Override
    public Optional<byte[]> receive() throws IOException {
        Object next;
        try {
            next = toClient.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
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

    /** The client leaves properly. */
    @Override
    public void close() {
        end(END);
    }

    /** The connection breaks: the client's next receive fails with {@code reason}, the server half sees the session end. */
    public void breakConnection(String reason) {
        end(new IOException(reason));
    }

    /** Ends the session once: the server half's {@code onClose}, then the client sees {@code how}. */
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
}
