package vpn.service.files.client;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.api.service.ServiceException;
import vpn.service.files.protocol.FilesCodec;
import vpn.service.files.protocol.FilesMessage;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.Ok;

/**
 * The client's side of a file session: requests go out on the caller's thread, and a reader
 * thread takes the server's messages in as they come, so that an upload learns of the server's
 * FAILED (a full disk) while it is still sending. The reader holds at most a few messages (a few
 * chunks of a download): when they are not taken, it stops reading and the connection's flow
 * control slows the server down. A download's DATA can instead be taken on the reader thread
 * itself ({@link #route}), with no hand-off between threads per chunk.
 */
public final class FilesConnection implements AutoCloseable {

    /** Messages read ahead: 16 chunks, about 1 MiB. */
    private static final int READ_AHEAD = 16;

    /** What the reader puts last: the session ended, properly (no failure) or not. */
    private record Ended(IOException failure) {
    }

    /** Takes the DATA of one request on the reader thread, in order: see {@link #route}. */
    @FunctionalInterface
    interface DataHandler {
        /**
         * One DATA message, whose bytes are lent until this returns: the reader reads the next
         * message into the same buffer. A failure stops the routing: that message and the
         * request's later DATA go to {@link #next} after the {@link LocalFailure}.
         */
        void handle(Data data) throws IOException;
    }

    /** This side could not take a routed request's data (its disk is full): thrown by {@link #next}. */
    static final class LocalFailure extends IOException {
        private static final long serialVersionUID = 1L;

        LocalFailure(IOException cause) {
            super(cause.getMessage(), cause);
        }

        /** What the handler threw. */
        IOException failure() {
            return (IOException) getCause();
        }
    }

    private final Channel channel;
    private final BlockingQueue<Object> inbox = new ArrayBlockingQueue<>(READ_AHEAD);
    private int nextId = 1;
    /** Uploads whose verdict (OK or FAILED) is collected later, by {@link #verdict}: see {@link #defer}. */
    private final Set<Integer> deferred = new HashSet<>();
    /** Verdicts of deferred uploads that arrived while something else was awaited. */
    private final Map<Integer, FilesMessage> verdicts = new HashMap<>();
    /** Requests whose DATA the reader hands to a handler instead of the inbox. */
    private final Map<Integer, DataHandler> routes = new ConcurrentHashMap<>();

    private FilesConnection(Channel channel) {
        this.channel = channel;
    }

    /** Starts reading {@code channel}, which this connection now owns. */
    public static FilesConnection over(Channel channel) {
        FilesConnection connection = new FilesConnection(channel);
        // A platform thread: its reads block in the kernel instead of waking the JDK's poller and
        // a carrier thread for each record, which cost a transfer a fifth of its CPU
        // (docs/performance.md, "Files"). A client has one connection.
        Thread.ofPlatform().daemon().name("files-reader").start(connection::read);
        return connection;
    }

    private void read() {
        Object last;
        // One buffer for every message: a download's chunks are opened into it and handled before
        // the next is read, where an array per 64 KiB chunk cost a tenth of the client's CPU
        // (docs/performance.md, "Files"). What is queued is copied out of it.
        byte[] buffer = new byte[channel.maxMessageBytes()];
        try {
            while (true) {
                int length = channel.receive(buffer);
                if (length < 0) {
                    last = new Ended(null);
                    break;
                }
                FilesMessage decoded = FilesCodec.decode(buffer, 0, length);
                if (decoded instanceof Data data) {
                    if (routed(data)) {
                        continue;
                    }
                    decoded = data.copy();
                }
                inbox.put(decoded);
            }
        } catch (ServiceException e) {
            last = new Ended(new ChannelException("the server sent a " + e.getMessage()));
        } catch (IOException e) {
            last = new Ended(e);
        } catch (InterruptedException e) {
            return;
        }
        try {
            inbox.put(last);
        } catch (InterruptedException e) {
            // closing
        }
    }

    /** Whether a handler took {@code data}; a failing one is unrouted, and its failure queued. */
    private boolean routed(Data data) throws InterruptedException {
        DataHandler handler = routes.get(data.id());
        if (handler == null) {
            return false;
        }
        try {
            handler.handle(data);
            return true;
        } catch (IOException e) {
            routes.remove(data.id());
            inbox.put(new LocalFailure(e));
            return false;
        }
    }

    /**
     * From now on the DATA of request {@code id} go to {@code handler}, on the reader thread, until
     * {@link #unroute}; its other messages still come from {@link #next}. For a download: its
     * chunks are written and hashed as they are read, where handing each one to another thread
     * cost more than the work (docs/performance.md, "Files"). Route before sending the request.
     */
    void route(int id, DataHandler handler) {
        routes.put(id, handler);
    }

    /** Request {@code id}'s DATA come from {@link #next} again. */
    void unroute(int id) {
        routes.remove(id);
    }

    /** A fresh request id. */
    int newId() {
        return nextId++;
    }

    void send(FilesMessage message) throws IOException {
        channel.send(FilesCodec.encode(message));
    }

    /**
     * Sends the first {@code length} bytes of {@code message}: a DATA message whose header
     * {@link FilesCodec#writeDataHeader} wrote, in a buffer the caller reuses once this returns.
     */
    void sendData(byte[] message, int length) throws IOException {
        channel.send(message, 0, length);
    }

    /**
     * The server's next message, waiting for it (the channel's idle timeout bounds the wait).
     *
     * @throws IOException if the session ended or failed instead
     */
    FilesMessage next() throws IOException {
        try {
            return unwrap(inbox.take());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the server");
        }
    }

    /** The server's next message if one is here already (deferred verdicts are kept aside). */
    Optional<FilesMessage> poll() throws IOException {
        while (true) {
            Object item = inbox.poll();
            if (item == null) {
                return Optional.empty();
            }
            FilesMessage message = unwrap(item);
            if (!keptAside(message)) {
                return Optional.of(message);
            }
        }
    }

    /** The next message, which must belong to request {@code id} (deferred verdicts are kept aside). */
    FilesMessage next(int id) throws IOException {
        while (true) {
            FilesMessage message = next();
            if (message.id() == id || !keptAside(message)) {
                return check(message, id);
            }
        }
    }

    /**
     * The upload {@code id} has sent its END; its verdict will be asked for with {@link #verdict}
     * and is kept aside if it comes while other requests are awaited. This is how a client
     * keeps several small files' commits under way on the server at once.
     */
    void defer(int id) {
        deferred.add(id);
    }

    /** The verdict of a deferred upload: OK or FAILED, waiting for it if it has not come yet. */
    FilesMessage verdict(int id) throws IOException {
        deferred.remove(id);
        FilesMessage early = verdicts.remove(id);
        return early != null ? early : next(id);
    }

    private boolean keptAside(FilesMessage message) {
        if (deferred.contains(message.id()) && (message instanceof Ok || message instanceof Failed)) {
            deferred.remove(message.id());
            verdicts.put(message.id(), message);
            return true;
        }
        return false;
    }

    /** The server broke the protocol: a message that has no place here. */
    static ChannelException unexpected(FilesMessage message, String during) {
        return new ChannelException("the server sent " + message.getClass().getSimpleName() + " during " + during);
    }

    static FilesMessage check(FilesMessage message, int id) throws ChannelException {
        if (message.id() != id) {
            throw new ChannelException("the server answered request " + message.id() + " while " + id + " was open");
        }
        return message;
    }

    private FilesMessage unwrap(Object item) throws IOException {
        if (item instanceof LocalFailure failure) {
            throw failure;
        }
        if (item instanceof Ended ended) {
            inbox.offer(ended); // every later call sees the end too
            throw ended.failure() != null ? ended.failure() : new ChannelException("the server closed the session");
        }
        return (FilesMessage) item;
    }

    /** Ends the session properly. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
