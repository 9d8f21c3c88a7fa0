package vpn.core.transport;

import vpn.core.ProtocolException;

/**
 * What a {@link MessageFormat} makes of the bytes received so far. The classic protocol has no
 * framing, so the reader asks the format after every read whether the message is complete.
 */
public sealed interface Attempt<T> {

    /**
     * The message is certainly complete and takes the first {@code consumed} bytes; any bytes
     * after them belong to the next message (framed protocols may send several at once), or
     * {@code -1}: all of them (the classic protocol has one message in flight at a time).
     */
    record Complete<T>(T value, int consumed) implements Attempt<T> {
    }

    /** The bytes so far are certainly not a whole message: wait for more, up to the timeout. */
    record NeedMore<T>() implements Attempt<T> {
    }

    /**
     * The bytes could be the whole message, or only its start. If nothing more arrives within the
     * settle time, {@code decision} gives the value (or the error) for the bytes as they are.
     */
    record Settle<T>(Decision<T> decision) implements Attempt<T> {
    }

    /** The bytes can never become a valid message. */
    record Fail<T>(ProtocolException error) implements Attempt<T> {
    }

    /** A value, or the reason there is none. */
    @FunctionalInterface
    interface Decision<T> {
        T decide() throws ProtocolException;
    }

    static <T> Attempt<T> complete(T value) {
        return new Complete<>(value, -1);
    }

    /** Complete, using only the first {@code consumed} bytes. */
    static <T> Attempt<T> complete(T value, int consumed) {
        return new Complete<>(value, consumed);
    }

    static <T> Attempt<T> needMore() {
        return new NeedMore<>();
    }

    static <T> Attempt<T> settle(Decision<T> decision) {
        return new Settle<>(decision);
    }

    static <T> Attempt<T> fail(ProtocolException error) {
        return new Fail<>(error);
    }

    /** Decides at once: complete with the value, or fail with the reason. */
    static <T> Attempt<T> now(Decision<T> decision) {
        try {
            return complete(decision.decide());
        } catch (ProtocolException e) {
            return fail(e);
        }
    }
}
