package vpn.service.chat.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One server's connection to the cluster's message bus: what the chat needs of any bus, and no
 * more. Messages are opaque bytes (the chat's cluster codec); the bus adds no format of its own
 * that the chat depends on. Implementations are thread-safe, and no method blocks: the room calls
 * them under its lock.
 */
public interface ClusterBus extends AutoCloseable {

    /** The largest message or answer a bus must carry: a page of the presence snapshot fits. */
    int MAX_MESSAGE_BYTES = 256 * 1024;

    /**
     * Sends {@code message} to every other member, in order with this member's other messages.
     *
     * @return false if the bus is not connected now: nothing was sent, nor will be later
     */
    boolean publish(byte[] message);

    /**
     * Asks one member and completes with its answer. Fails at once if the bus is down or no such
     * member listens, and after {@code timeout} if no answer came.
     */
    CompletableFuture<byte[]> ask(String node, byte[] request, Duration timeout);

    /** Where the bus is, for log lines: scheme, host and port, never credentials. */
    String describe();

    /** Leaves the bus; after it, nothing reaches the listener. */
    @Override
    void close();
}
