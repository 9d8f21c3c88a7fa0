package vpn.service.chat.server;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import vpn.api.service.ServiceSession;

/**
 * What waits to be written to one session, and the writer (a virtual thread) that writes it: all
 * that is queued goes out in one {@link ServiceSession#sendAll}, one network write. Others only
 * ever queue, so a client that stops reading stalls nobody but its own writer; past the limits
 * ({@link RoomLimits#maxQueuedMessages()}, {@link RoomLimits#maxQueuedBytes()}) the session is
 * dropped with {@link ServiceSession#disconnect}, which aborts the connection and with it the
 * stuck write. Every message's {@link Delivery} is settled exactly once.
 */
final class Outbox {

    private record Queued(byte[] message, Delivery delivery) {
    }

    private final ServiceSession session;
    private final int maxMessages;
    private final int maxBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition queued = lock.newCondition();
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private int queuedBytes;
    private boolean closed;

    Outbox(ServiceSession session, RoomLimits limits) {
        this.session = session;
        this.maxMessages = limits.maxQueuedMessages();
        this.maxBytes = limits.maxQueuedBytes();
    }

    /** Starts the writer. */
    void start() {
        Thread.ofVirtual().name("chat writer " + session.peer()).start(this::write);
    }

    /** Queues a message nobody waits on. */
    void offer(byte[] message) {
        offer(message, Delivery.NONE);
    }

    /**
     * Queues a message without ever blocking. If the outbox is closed, or the message would go
     * past the limits (then the session is dropped), the message is not queued and
     * {@code delivery} hears so at once.
     */
    void offer(byte[] message, Delivery delivery) {
        List<Queued> dropped;
        String overflow;
        lock.lock();
        try {
            if (closed) {
                dropped = List.of();
                overflow = null;
            } else if (queue.size() < maxMessages && queuedBytes + message.length <= maxBytes) {
                queue.add(new Queued(message, delivery));
                queuedBytes += message.length;
                queued.signal();
                return;
            } else {
                overflow = "too slow: " + queue.size() + " messages queued (" + queuedBytes + " bytes)";
                dropped = closeLocked();
            }
        } finally {
            lock.unlock();
        }
        dropped.forEach(q -> q.delivery().settled(false));
        delivery.settled(false);
        if (overflow != null) {
            // Not on this thread: it may be another session's, holding the room's lock.
            Thread.ofVirtual().start(() -> session.disconnect(overflow));
        }
    }

    /** The session ended: nothing more is written, and what waited was not delivered. */
    void close() {
        List<Queued> dropped;
        lock.lock();
        try {
            dropped = closeLocked();
        } finally {
            lock.unlock();
        }
        dropped.forEach(q -> q.delivery().settled(false));
    }

    private List<Queued> closeLocked() {
        boolean wasOpen = !closed;
        closed = true;
        queued.signal();
        List<Queued> dropped = wasOpen ? new ArrayList<>(queue) : List.of();
        queue.clear();
        queuedBytes = 0;
        return dropped;
    }

    private void write() {
        while (true) {
            List<Queued> batch;
            lock.lock();
            try {
                while (queue.isEmpty() && !closed) {
                    queued.awaitUninterruptibly();
                }
                if (closed) {
                    return;
                }
                batch = new ArrayList<>(queue);
                queue.clear();
                queuedBytes = 0;
            } finally {
                lock.unlock();
            }
            try {
                session.sendAll(batch.stream().map(Queued::message).toList());
            } catch (IOException | RuntimeException e) {
                batch.forEach(q -> q.delivery().settled(false));
                failed(e);
                return;
            }
            batch.forEach(q -> q.delivery().settled(true));
        }
    }

    /** A write failed: unless the session already ended or was dropped, drop it now, so that it leaves the room. */
    private void failed(Exception e) {
        boolean wasOpen;
        List<Queued> dropped;
        lock.lock();
        try {
            wasOpen = !closed;
            dropped = closeLocked();
        } finally {
            lock.unlock();
        }
        dropped.forEach(q -> q.delivery().settled(false));
        if (!wasOpen) {
            return;
        }
        if (e instanceof java.net.SocketException) {
            // The connection is gone (the user left as a message to them was being written, or
            // the network dropped): the session's own end says so; a line here would blame the write.
            session.close();
        } else {
            session.disconnect("chat: writing failed: " + e.getMessage()); // e.g. the peer stopped reading
        }
    }
}
