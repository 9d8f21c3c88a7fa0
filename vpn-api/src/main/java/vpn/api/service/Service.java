package vpn.api.service;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * An application that runs over an established session, supplied by a service module through
 * {@link java.util.ServiceLoader}, as cipher modules supply ciphers. A deployment offers a
 * service by shipping its jar and drops it by removing the jar.
 *
 * <h2>The contract</h2>
 * <ul>
 *   <li>{@link #name()} is the wire name a client asks for: 1 to 32 lowercase letters, digits or
 *       {@code -}, unique among the loaded services.</li>
 *   <li>{@link #version()} is the version of the service's own protocol (its messages), from 1. A
 *       client asks for a name and a version; a server serves a version it implements.</li>
 *   <li>Implementations are thread-safe and hold no per-session state outside the handlers they
 *       return; they need a public no-argument constructor.</li>
 * </ul>
 * Classic-protocol sessions cannot name a service and always get {@code echo}.
 */
public interface Service {

    /** The wire name: {@code echo}, {@code chat}. */
    String name();

    /** The version of the service's protocol that this module implements. */
    int version();

    /**
     * Whether sessions must belong to an authenticated user. The core enforces it: such a service
     * is never opened for an anonymous session.
     */
    default boolean needsUsers() {
        return false;
    }

    /** One line for {@code vpn services}. */
    default String description() {
        return "";
    }

    /** Options this service adds to {@code vpn server} ({@code --files DIR}); none by default. */
    default List<ServerOption> serverOptions() {
        return List.of();
    }

    /**
     * Configures the service from {@code vpn server}'s options, once, before the server accepts
     * any session.
     *
     * @return empty if the server offers the service; otherwise why not, one line that clients
     *     asking for it are told ({@code this server runs without --files})
     * @throws ConfigurationException if the options are wrong: the server does not start
     */
    default Optional<String> configure(ServerSettings settings) throws ConfigurationException {
        return Optional.empty();
    }

    /**
     * Starts what the service needs besides its sessions (a connection to a cluster's message bus),
     * once the server's key is loaded and before the server listens; only for a service the server
     * offers.
     *
     * @throws IOException if the service cannot start: the server does not start either, and the
     *     message is the one line the operator sees
     */
    default void start(ServerContext context) throws IOException {
    }

    /** The server is stopping: releases what {@link #start} took. Must not throw or block for long. */
    default void stop() {
    }

    /**
     * Starts serving one session; called on the session's thread once the handshake is done.
     *
     * @return the handler the core feeds the client's messages to
     */
    SessionHandler open(ServiceSession session) throws IOException;
}
