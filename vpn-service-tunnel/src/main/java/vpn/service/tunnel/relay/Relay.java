package vpn.service.tunnel.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelCodec;
import vpn.service.tunnel.protocol.TunnelMessage;
import vpn.service.tunnel.protocol.TunnelProtocol;

/**
 * One TCP connection carried in one channel of the session, the same on both sides: a virtual
 * thread reads the socket and sends DATA as far as the peer's window allows (then waits for a
 * WINDOW), and another writes what the peer sent to the socket and gives the window back as it
 * goes. The session's reader only queues a DATA here and never blocks on a socket, so a connection
 * whose program stops reading stalls itself alone; what it queues is bounded by the window this
 * side granted, which the peer may not exceed.
 *
 * <p>Ending, as SSH channels end: EOF says one direction ended (the socket's FIN, carried on as a
 * {@code shutdownOutput}); CLOSE without reset follows once both directions ended; CLOSE with
 * reset aborts at once (a reset, an error, the idle timeout), and the other side resets its socket
 * too. A channel is over, and its number free, once each side sent and received its CLOSE.
 */
public final class Relay {

    // The inbox holds the peer's DATA messages as received (header and bytes), and these markers.
    /** In the inbox: the peer's EOF, after its last DATA. */
    private static final byte[] END = new byte[0];
    /** In the inbox: stop writing, the channel is aborted. */
    private static final byte[] STOP = new byte[0];

    private final int channel;
    private final Socket socket;
    private final Outbound out;
    private final SendWindow sendWindow;
    private final int window;
    private final LinkedBlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>();
    /** Bytes the peer sent that this side has not yet given back with a WINDOW. */
    private final AtomicLong unacknowledged = new AtomicLong();
    private final AtomicBoolean closeSent = new AtomicBoolean();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final Runnable onFinished;
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean eofReceived;
    private volatile boolean eofSent;
    private volatile boolean closeReceived;
    private volatile boolean aborted;
    private boolean upDone; // guarded by this
    private boolean downDone; // guarded by this

    /**
     * @param window what this side granted the peer in its OPEN or OPENED
     * @param peerWindow what the peer granted this side
     * @param onFinished called once when the channel is over (its number is free)
     */
    public Relay(int channel, Socket socket, Outbound out, int window, int peerWindow, Runnable onFinished) {
        this.channel = channel;
        this.socket = socket;
        this.out = out;
        this.window = window;
        this.sendWindow = new SendWindow(peerWindow);
        this.onFinished = onFinished;
    }

    public int channel() {
        return channel;
    }

    /** Starts carrying the connection both ways, on {@code threads}. */
    void start(RelayThreads threads) {
        try {
            socket.setTcpNoDelay(true);
        } catch (IOException e) {
            abort();
            return;
        }
        threads.start("tunnel-" + Integer.toUnsignedString(channel), this::upstream, this::downstream);
    }

    /** Socket to peer: DATA within the window, then EOF. */
    private void upstream() {
        // The bytes are read after room for the header, and the message is sent from this buffer.
        byte[] buffer = new byte[TunnelProtocol.MAX_MESSAGE_BYTES];
        try {
            InputStream in = socket.getInputStream();
            while (true) {
                int credit = sendWindow.take(TunnelProtocol.MAX_DATA_BYTES);
                if (credit == 0) {
                    return; // aborted
                }
                int n = in.read(buffer, TunnelProtocol.HEADER_BYTES, credit);
                sendWindow.settle(credit, Math.max(n, 0));
                if (n < 0) {
                    eofSent = true; // before the peer can answer it with its CLOSE
                    out.send(TunnelCodec.encode(new TunnelMessage.Eof(channel)));
                    break;
                }
                lastActivity = System.nanoTime();
                out.send(buffer, 0, TunnelCodec.writeDataHeader(channel, buffer, n));
            }
        } catch (IOException e) {
            abort();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            return;
        }
        directionDone(true);
    }

    /** Peer to socket: the queued DATA in order, WINDOW as it drains, then the socket's FIN. */
    private void downstream() {
        int consumed = 0;
        try {
            OutputStream socketOut = socket.getOutputStream();
            while (true) {
                byte[] chunk = inbox.take();
                if (chunk == STOP) {
                    return;
                }
                if (chunk == END) {
                    socket.shutdownOutput();
                    break;
                }
                int length = chunk.length - TunnelProtocol.HEADER_BYTES;
                socketOut.write(chunk, TunnelProtocol.HEADER_BYTES, length);
                lastActivity = System.nanoTime();
                consumed += length;
                if (consumed >= TunnelProtocol.WINDOW_ADJUST_BYTES) {
                    // Counted down before the peer can know of it, so its next DATA never looks like an excess.
                    unacknowledged.addAndGet(-consumed);
                    out.send(TunnelCodec.encode(new TunnelMessage.Window(channel, consumed)));
                    consumed = 0;
                }
            }
        } catch (IOException e) {
            abort();
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abort();
            return;
        }
        directionDone(false);
    }

    private void directionDone(boolean up) {
        boolean both;
        synchronized (this) {
            if (up) {
                upDone = true;
            } else {
                downDone = true;
            }
            both = upDone && downDone;
        }
        if (both && closeSent.compareAndSet(false, true)) {
            try {
                out.send(TunnelCodec.encode(new TunnelMessage.Close(channel, false)));
            } catch (IOException sessionGone) {
                abort();
                return;
            }
        }
        finishIfOver();
    }

    /** The peer's DATA message, as received: queued for the writer, which writes its bytes after the header. */
    void onData(byte[] message) throws ServiceException {
        if (eofReceived || closeReceived) {
            throw new ServiceException("tunnel: DATA after EOF or CLOSE on channel " + Integer.toUnsignedString(channel));
        }
        if (unacknowledged.addAndGet(message.length - TunnelProtocol.HEADER_BYTES) > window) {
            throw new ServiceException("tunnel: DATA beyond the window on channel " + Integer.toUnsignedString(channel));
        }
        if (!aborted) {
            inbox.add(message);
        }
    }

    void onWindow(int bytes) throws ServiceException {
        sendWindow.grant(bytes);
    }

    void onEof() throws ServiceException {
        if (eofReceived || closeReceived) {
            throw new ServiceException("tunnel: a second EOF on channel " + Integer.toUnsignedString(channel));
        }
        eofReceived = true;
        inbox.add(END);
    }

    void onClose(boolean reset) throws ServiceException {
        if (closeReceived) {
            throw new ServiceException("tunnel: a second CLOSE on channel " + Integer.toUnsignedString(channel));
        }
        closeReceived = true;
        if (reset || !eofReceived || !eofSent) {
            // A CLOSE without reset comes after both EOFs; before them, the peer gave up.
            abort();
        }
        finishIfOver();
    }

    /**
     * Ends the channel at once: the socket is reset and the peer told with a CLOSE with reset, so
     * that it resets its own. Idempotent, any thread.
     */
    public void abort() {
        aborted = true;
        sendWindow.close();
        inbox.add(STOP);
        resetSocket();
        if (closeSent.compareAndSet(false, true)) {
            try {
                out.send(TunnelCodec.encode(new TunnelMessage.Close(channel, true)));
            } catch (IOException sessionGone) {
                // the session's end ends every channel
            }
        }
        finishIfOver();
    }

    /** The session ended: nothing more can be sent or received; the socket is reset. */
    public void sessionEnded() {
        closeSent.set(true);
        closeReceived = true;
        aborted = true;
        sendWindow.close();
        inbox.add(STOP);
        resetSocket();
        finishIfOver();
    }

    /** Whether nothing moved either way for {@code timeout}. */
    public boolean idleFor(Duration timeout) {
        return System.nanoTime() - lastActivity >= timeout.toNanos();
    }

    private void resetSocket() {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0); // close sends RST: the program sees a reset, not an orderly end
            }
        } catch (IOException alreadyGone) {
            // closed below either way
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do
        }
    }

    private void finishIfOver() {
        if (closeSent.get() && closeReceived && finished.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // over either way
            }
            onFinished.run();
        }
    }
}
