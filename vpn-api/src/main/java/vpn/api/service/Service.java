package vpn.api.service;

import java.io.IOException;

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

    /**
     * Starts serving one session; called on the session's thread once the handshake is done.
     *
     * @return the handler the core feeds the client's messages to
     */
    SessionHandler open(ServiceSession session) throws IOException;
}
