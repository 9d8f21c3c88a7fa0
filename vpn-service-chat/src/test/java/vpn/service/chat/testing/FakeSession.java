package vpn.service.chat.testing;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.User;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage;

/**
 * A server session without a network: what the service sends is decoded and queued for the test,
 * in order. It can stall: then {@link #sendAll} blocks until {@link #disconnect} aborts it, as a
 * socket write to a client that stopped reading blocks until the connection is aborted.
 */
public class FakeSession implements ServiceSession {

    private static final long WAIT_SECONDS = 10;

    private final User user;
    private final String peer;
    private final BlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private volatile boolean stalled;
    private volatile String disconnectReason;

    public FakeSession(User user, String peer) {
        this.user = user;
        this.peer = peer;
    }

    /** From now on, writes block until the session is disconnected. */
    public void stall() {
        stalled = true;
    }

    @Override
    public void send(byte[] message) throws IOException {
        sendAll(List.of(message));
    }

    @Override
    public void sendAll(List<byte[]> messages) throws IOException {
        if (stalled) {
            try {
                disconnected.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("Socket closed");
        }
        for (byte[] message : messages) {
            deliver(message);
        }
    }

    /** Hands one sent message on; the loopback overrides it to feed a client. */
    protected void deliver(byte[] message) throws IOException {
        try {
            received.add(ServerCodec.decode(message));
        } catch (ServiceException e) {
            throw new AssertionError("the service sent a malformed message", e);
        }
    }

    /** The next message sent to this session, waiting for it. */
    public ServerMessage next() throws InterruptedException {
        ServerMessage message = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(message, "nothing was sent to " + peer + " within " + WAIT_SECONDS + " s");
        return message;
    }

    /** The next message, which must be of {@code type}. */
    public <T extends ServerMessage> T next(Class<T> type) throws InterruptedException {
        ServerMessage message = next();
        if (!type.isInstance(message)) {
            throw new AssertionError("expected " + type.getSimpleName() + " for " + peer + ", got " + message);
        }
        return type.cast(message);
    }

    public List<String> logged() {
        return logged;
    }

    /** Waits for the service to disconnect this session, and returns the reason. */
    public String awaitDisconnect() throws InterruptedException {
        if (!disconnected.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new AssertionError(peer + " was not disconnected within " + WAIT_SECONDS + " s");
        }
        return disconnectReason;
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
        return peer;
    }

    @Override
    public void log(String line) {
        logged.add(line);
    }

    @Override
    public void close() {
        disconnect("closed");
    }

    @Override
    public void disconnect(String reason) {
        disconnectReason = reason;
        disconnected.countDown();
    }
}
