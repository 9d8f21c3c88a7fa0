package vpn.api.service;

import java.io.IOException;
import java.util.Arrays;

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

    /**
     * Whether this handler takes the client's messages lent ({@link #onMessage(byte[], int, int)}):
     * the core then reads them all into one buffer of the session's, so that a stream of large
     * messages (a file's chunks) costs no array per message. False by default: a session of small
     * messages keeps no such buffer.
     */
    default boolean takesLentMessages() {
        return false;
    }

    /**
     * One message from the client, lent: the {@code length} bytes of {@code buffer} from
     * {@code offset}, which the core reads the next message into once this returns, so anything
     * kept must be copied. Called instead of {@link #onMessage(byte[])} when
     * {@link #takesLentMessages()}; by default it copies the bytes and calls that.
     *
     * @throws ServiceException as {@link #onMessage(byte[])}
     */
    default void onMessage(byte[] buffer, int offset, int length) throws IOException {
        onMessage(Arrays.copyOfRange(buffer, offset, offset + length));
    }

    /** The session ended, however it ended; no further calls follow. */
    default void onClose() {
    }
}
