package vpn.service.chat.cluster;

import java.util.concurrent.CompletableFuture;

/** What a {@link ClusterBus} delivers to its member. Called on the bus's threads: nothing here may block. */
public interface BusListener {

    /** A message another member published. */
    void onMessage(byte[] message);

    /**
     * A request another member asked this one ({@link ClusterBus#ask}); the bus sends the answer
     * back when the future completes, and none if it fails.
     */
    CompletableFuture<byte[]> onAsk(byte[] request);

    /** The connection to the bus was lost; the bus is reconnecting. */
    void onDisconnected(String reason);

    /** The bus is connected again after {@link #onDisconnected}. */
    void onReconnected();
}
