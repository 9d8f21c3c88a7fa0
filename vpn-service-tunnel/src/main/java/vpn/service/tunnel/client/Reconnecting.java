package vpn.service.tunnel.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import vpn.api.service.ChannelException;
import vpn.api.service.Printable;

/**
 * Keeps a tunnel session up for {@code vpn forward} and {@code vpn socks}: when it ends, the
 * connections in it end with it (they are reset), and a new session is made after 1 s, then after
 * twice as long each time it fails, up to 30 s. Connections accepted meanwhile wait for it, up to
 * {@link #MAX_WAIT}. A failure the server answered (authentication, a refused service, a protocol
 * error: a {@link ChannelException}) is not retried: it ends the command with that failure, as at
 * start. Failures to reach the server (refused, unreachable, reset) are.
 */
final class Reconnecting implements Sessions {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_DELAY = Duration.ofSeconds(30);
    /** How long a connection accepted while the session is down waits for the next one. */
    static final Duration MAX_WAIT = Duration.ofMinutes(2);

    /** Makes a new session. */
    @FunctionalInterface
    interface Connect {
        TunnelClient connect() throws IOException;
    }

    /** Waits between attempts; tests do not. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration delay) throws InterruptedException;
    }

    private final Connect connect;
    private final Sleeper sleeper;
    private final Consumer<String> lines;
    private final String server;
    private volatile CompletableFuture<TunnelClient> current;

    /**
     * @param first the session made at start
     * @param lines where the reconnection's lines go (standard error)
     */
    Reconnecting(TunnelClient first, Connect connect, Sleeper sleeper, Consumer<String> lines, String server) {
        this.current = CompletableFuture.completedFuture(first);
        this.connect = connect;
        this.sleeper = sleeper;
        this.lines = lines;
        this.server = server;
    }

    @Override
    public TunnelClient current() throws IOException {
        try {
            return current.get(MAX_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("no session: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no session within " + MAX_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /**
     * Re-establishes each session that ends, until one cannot be.
     *
     * @throws ChannelException the failure the server answered, which ends the command
     */
    void run() throws IOException, InterruptedException {
        TunnelClient tunnel = current.join();
        while (true) {
            String why = tunnel.awaitEnd();
            CompletableFuture<TunnelClient> next = new CompletableFuture<>();
            current = next; // from now on, new connections wait
            Duration delay = FIRST_DELAY;
            while (true) {
                lines.accept("warning: " + server + ": " + Printable.of(why) + "; reconnecting in " + delay.toSeconds() + " s");
                sleeper.sleep(delay);
                try {
                    tunnel = connect.connect();
                    break;
                } catch (ChannelException answered) {
                    next.completeExceptionally(answered);
                    throw answered;
                } catch (IOException unreachable) {
                    why = unreachable.getMessage();
                    delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
                }
            }
            lines.accept("Reconnected to " + server);
            next.complete(tunnel);
        }
    }
}
