package vpn.service.chat.server;

import java.util.concurrent.CompletableFuture;
import vpn.service.chat.protocol.ClusterMessage.Relay;
import vpn.service.chat.protocol.ClusterSession;

/**
 * What the room tells the rest of its cluster. The room calls it under its lock, so nothing here
 * blocks. {@link #ALONE} is the server on its own (no {@code --cluster}): the room is the whole
 * chat, and everything here is a no-op that succeeds.
 */
interface ClusterLink {

    /** A session joined the room here. */
    void sessionJoined(ClusterSession session);

    /** The session with this key left the room here. */
    void sessionLeft(byte[] sessionKey);

    /** @return false if the line could not be handed to the other servers (the bus is down) */
    boolean said(String from, String text);

    /** Relays copies to sessions of {@code node}; completes with how many were delivered, or fails. */
    CompletableFuture<Integer> relay(String node, Relay relay);

    ClusterLink ALONE = new ClusterLink() {
        @Override
        public void sessionJoined(ClusterSession session) {
        }

        @Override
        public void sessionLeft(byte[] sessionKey) {
        }

        @Override
        public boolean said(String from, String text) {
            return true;
        }

        @Override
        public CompletableFuture<Integer> relay(String node, Relay relay) {
            return CompletableFuture.failedFuture(new IllegalStateException("no cluster"));
        }
    };
}
