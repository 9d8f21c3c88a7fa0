package vpn.core.transport;

/** How to tell, from the bytes received so far, whether one message of a kind is complete. */
@FunctionalInterface
public interface MessageFormat<T> {

    /**
     * Examines {@code buffer[0..length)}. Must not change any session state: it may be called
     * again with more bytes.
     */
    Attempt<T> attempt(byte[] buffer, int length);
}
