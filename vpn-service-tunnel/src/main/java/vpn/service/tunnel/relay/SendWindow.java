package vpn.service.tunnel.relay;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelProtocol;

/**
 * How many bytes a relay may still send on its channel: the peer's grant, spent by DATA, renewed
 * by WINDOW. Credit the relay has taken for a read that has not returned yet is still the peer's
 * to count: a WINDOW that would take the two together past {@link TunnelProtocol#MAX_WINDOW}
 * breaks the protocol, whether or not the relay's read is waiting at that moment. A lock and a
 * condition rather than {@code synchronized}, so that a virtual thread waiting for credit does
 * not pin its carrier on Java 21.
 */
final class SendWindow {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition credit = lock.newCondition();
    private long available;
    /** Taken by {@link #take} and not yet {@linkplain #settle settled}: a read under way. */
    private long reserved;
    private boolean closed;

    SendWindow(int initial) {
        this.available = initial;
    }

    /**
     * Waits until some credit is there and takes up to {@code most} of it.
     *
     * @return the bytes taken, or 0 once closed
     */
    int take(int most) throws InterruptedException {
        lock.lock();
        try {
            while (available == 0 && !closed) {
                credit.await();
            }
            if (closed) {
                return 0;
            }
            int taken = (int) Math.min(most, available);
            available -= taken;
            reserved += taken;
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The read for {@code taken} credit returned {@code used} bytes (0 at the end of the stream),
     * which go out as DATA: the rest is available again.
     */
    void settle(int taken, int used) {
        lock.lock();
        try {
            reserved -= taken;
            available += taken - used;
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** @throws ServiceException if the peer's grants exceed {@link TunnelProtocol#MAX_WINDOW} */
    void grant(int bytes) throws ServiceException {
        lock.lock();
        try {
            if (available + reserved + bytes > TunnelProtocol.MAX_WINDOW) {
                throw new ServiceException("tunnel: a WINDOW beyond " + TunnelProtocol.MAX_WINDOW + " bytes");
            }
            available += bytes;
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the sender for good: the channel is closing. */
    void close() {
        lock.lock();
        try {
            closed = true;
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
