package vpn.core.transport;

/** How to tell, from the bytes received so far, whether one message of a kind is complete. */
@FunctionalInterface
public interface MessageFormat<T> {

    /**
     * Examines {@code buffer[0..length)}. Must not change any session state: it may be called
     * again with more bytes.
     */
    Attempt<T> attempt(byte[] buffer, int length);

    /** This format with its values transformed. */
    default <R> MessageFormat<R> map(java.util.function.Function<T, R> function) {
        return (buffer, length) -> switch (attempt(buffer, length)) {
            case Attempt.Complete<T> c -> Attempt.complete(function.apply(c.value()), c.consumed());
            case Attempt.Settle<T> s -> Attempt.settle(() -> function.apply(s.decision().decide()));
            case Attempt.NeedMore<T> n -> Attempt.needMore();
            case Attempt.Fail<T> f -> Attempt.fail(f.error());
        };
    }
}
