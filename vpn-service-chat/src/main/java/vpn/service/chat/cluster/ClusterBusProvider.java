package vpn.service.chat.cluster;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * Connects the chat servers of a cluster through one kind of message bus, named by its URI scheme
 * ({@code vpn server --cluster nats://bus:4222}). A plugin module supplies it through
 * {@link java.util.ServiceLoader} (vpn-service-chat-nats); the chat service picks the one whose
 * {@link #scheme()} the URI names.
 */
public interface ClusterBusProvider {

    /** The URI scheme this bus answers to, lowercase: {@code nats}. */
    String scheme();

    /**
     * Checks a URI of this scheme before the server starts, so that a mistake is a usage error.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    default void validate(URI uri) {
    }

    /**
     * Connects as the cluster member {@code node}; returns once connected. From then on the bus
     * reconnects by itself after an outage, telling {@code listener}.
     *
     * @param node this server's member name on the bus: 1 to 32 lowercase letters and digits
     * @throws IOException if the bus cannot be reached within {@code timeout}, or the URI is not
     *     one this bus understands (the message says which)
     */
    ClusterBus connect(URI uri, String node, BusListener listener, Duration timeout) throws IOException;
}
