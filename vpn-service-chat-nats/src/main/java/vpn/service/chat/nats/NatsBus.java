package vpn.service.chat.nats;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import vpn.service.chat.cluster.BusListener;
import vpn.service.chat.cluster.ClusterBus;

/**
 * One server's connection to NATS. Every server subscribes to {@value #ROOM}, where the cluster's
 * messages go, and to {@value #NODE_PREFIX}NODE, where the others ask it; the connection is made
 * with {@code noEcho}, so that a server does not hear itself. jnats reconnects on its own (with
 * the backoff below) and resubscribes; what is published while it is away is not queued for later
 * ({@link #publish} says false), since the chat repairs presence from heartbeats and tells the
 * sender of a line that did not get out.
 */
final class NatsBus implements ClusterBus {

    static final String ROOM = "customvpn.chat.room";
    static final String NODE_PREFIX = "customvpn.chat.node.";
    /** How often the connection proves itself, and how many missed answers end it: a dead bus is noticed within 6 s. */
    private static final Duration PING_INTERVAL = Duration.ofSeconds(2);
    private static final int MAX_PINGS_OUT = 2;
    /** How long a flush (a ping answered) may take. */
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(2);
    /** Reconnect backoff: 100 ms doubling to 5 s, with jitter so that a cluster does not reconnect in step. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(100);
    private static final Duration LAST_RETRY = Duration.ofSeconds(5);
    /** Messages and bytes waiting for the chat before NATS drops them (the heartbeats then repair presence). */
    private static final int PENDING_MESSAGES = 100_000;
    private static final long PENDING_BYTES = 64L * 1024 * 1024;

    private final Connection connection;
    private final String described;

    private NatsBus(Connection connection, String described) {
        this.connection = connection;
        this.described = described;
    }

    static NatsBus connect(URI uri, String node, BusListener listener, Duration timeout) throws IOException {
        String described = withoutSecrets(uri);
        Options options = new Options.Builder()
                .server(uri.toString())
                .connectionName("customvpn chat " + node)
                .noEcho()
                .connectionTimeout(timeout)
                .pingInterval(PING_INTERVAL)
                .maxPingsOut(MAX_PINGS_OUT)
                .maxReconnects(-1)
                .reconnectDelayHandler(NatsBus::backoff)
                .reconnectJitter(Duration.ofMillis(100))
                .discardMessagesWhenOutgoingQueueFull()
                .connectionListener(new Outages(listener))
                .errorListener(new ErrorListener() {
                    // jnats prints every error to standard error by default; the chat logs what matters.
                })
                .build();
        Connection connection;
        try {
            connection = Nats.connect(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + described);
        } catch (IOException e) {
            throw new IOException("cannot reach the bus " + described + ": " + withoutSecrets(uri, e.getMessage()));
        }
        Dispatcher dispatcher = connection.createDispatcher();
        dispatcher.setPendingLimits(PENDING_MESSAGES, PENDING_BYTES);
        dispatcher.subscribe(ROOM, message -> listener.onMessage(message.getData()));
        dispatcher.subscribe(NODE_PREFIX + node, message -> answer(connection, listener, message));
        try {
            connection.flush(timeout); // the subscriptions are in place before anyone is told this server is here
        } catch (TimeoutException | InterruptedException e) {
            closeQuietly(connection);
            throw new IOException("the bus " + described + " did not confirm the subscriptions in " + timeout.toSeconds() + " s");
        }
        return new NatsBus(connection, described);
    }

    private static void answer(Connection connection, BusListener listener, Message request) {
        String replyTo = request.getReplyTo();
        listener.onAsk(request.getData()).whenComplete((answer, failure) -> {
            if (failure == null && replyTo != null && connection.getStatus() == Connection.Status.CONNECTED) {
                connection.publish(replyTo, answer);
            }
        });
    }

    /** The delay before reconnect attempt {@code round} (from 1). */
    static Duration backoff(long round) {
        long millis = FIRST_RETRY.toMillis() << Math.min(Math.max(round - 1, 0), 10);
        return Duration.ofMillis(Math.min(millis, LAST_RETRY.toMillis()));
    }

    /** The URI as log lines may show it: no user or password. */
    static String withoutSecrets(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return uri.getScheme() + "://" + host + ":" + (uri.getPort() == -1 ? NatsBusProvider.DEFAULT_PORT : uri.getPort());
    }

    /** {@code text} with the URI's user and password, if any, blanked out. */
    private static String withoutSecrets(URI uri, String text) {
        String secret = uri.getRawUserInfo();
        return text == null ? "" : secret == null || secret.isEmpty() ? text : text.replace(secret, "***");
    }

    @Override
    public boolean publish(byte[] message) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return false;
        }
        try {
            connection.publish(ROOM, message);
            return true;
        } catch (IllegalStateException closedMeanwhile) {
            return false;
        }
    }

    @Override
    public CompletableFuture<byte[]> ask(String node, byte[] request, Duration timeout) {
        if (connection.getStatus() != Connection.Status.CONNECTED) {
            return CompletableFuture.failedFuture(new IOException("the bus " + described + " is out of reach"));
        }
        try {
            // With no one subscribed, NATS answers "no responders" at once, and the future fails.
            return connection.requestWithTimeout(NODE_PREFIX + node, request, timeout).thenApply(Message::getData);
        } catch (IllegalStateException closedMeanwhile) {
            return CompletableFuture.failedFuture(new IOException("the bus " + described + " is out of reach"));
        }
    }

    @Override
    public String describe() {
        return described;
    }

    @Override
    public void close() {
        try {
            if (connection.getStatus() == Connection.Status.CONNECTED) {
                connection.flush(FLUSH_TIMEOUT); // a server's last words (GONE) get out
            }
        } catch (TimeoutException | InterruptedException | RuntimeException e) {
            // closing anyway
        }
        closeQuietly(connection);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tells the chat when the connection is lost and when it is back: once each per outage, though
     * jnats reports a lost connection at every failed attempt, and a return first as reconnected
     * and then as resubscribed.
     */
    private static final class Outages implements ConnectionListener {
        private final BusListener listener;
        private final AtomicBoolean down = new AtomicBoolean();

        Outages(BusListener listener) {
            this.listener = listener;
        }

        @Override
        public void connectionEvent(Connection connection, Events event) {
            switch (event) {
                case DISCONNECTED -> {
                    if (down.compareAndSet(false, true)) {
                        listener.onDisconnected(reason(connection));
                    }
                }
                case RESUBSCRIBED -> {
                    if (down.compareAndSet(true, false)) {
                        // The subscriptions were sent again; once the server has answered a ping
                        // it has them, and what the chat publishes next reaches every server.
                        Thread.ofVirtual().name("nats reconnected").start(() -> {
                            try {
                                connection.flush(FLUSH_TIMEOUT);
                            } catch (TimeoutException | InterruptedException | RuntimeException e) {
                                // told anyway: the next heartbeats repair what a lost message missed
                            }
                            listener.onReconnected();
                        });
                    }
                }
                default -> {
                }
            }
        }

        private static String reason(Connection connection) {
            String last = connection.getLastError();
            return last == null || last.isBlank() ? "connection lost" : last;
        }
    }
}
