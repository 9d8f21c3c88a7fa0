package vpn.api.service;

import java.io.IOException;

/**
 * The server half of a service for one session: the core calls it for each message the client
 * sends, in order, and once when the session ends. It is called, not a loop that blocks on reads,
 * so a service does not need a thread of its own per session or per stream.
 */
public interface SessionHandler {

    /**
     * One message from the client.
     *
     * @throws ServiceException if the client broke the service's rules: the core ends the session
     *     and logs the reason
     */
    void onMessage(byte[] message) throws IOException;

    /** The session ended, however it ended; no further calls follow. */
    default void onClose() {
    }
}
