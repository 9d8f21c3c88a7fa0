package vpn.service.tunnel.client;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import vpn.api.service.Channel;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelCodec;
import vpn.service.tunnel.protocol.TunnelMessage;
import vpn.service.tunnel.protocol.TunnelProtocol;
import vpn.service.tunnel.relay.ConnectFailure;
import vpn.service.tunnel.relay.Relay;
import vpn.service.tunnel.relay.RelayThreads;
import vpn.service.tunnel.relay.Relays;

/**
 * The client's half of one tunnel session: every local connection is a channel of it. One thread
 * reads the session and hands each message on without blocking (answers to their waiters, the
 * channels' messages to their relays); another sends a PING while the session is quiet and ends a
 * session whose server stopped answering.
 */
public final class TunnelClient implements AutoCloseable {

    /** What a request waits for: OPENED, ALLOWED or LISTENING, or REFUSED. */
    private enum Kind { OPEN, CHECK, LISTEN }

    /** A request waiting for its answer; {@code socket} is the local connection of an OPEN. */
    private record Pending(Kind kind, Socket socket, CompletableFuture<TunnelMessage> answer) {
    }

    /** Where the connections of a --remote listener go, and where its failures are told. */
    private record Target(String host, int port, Consumer<String> warnings) {
    }

    private final Channel channel;
    private final Duration keepalive;
    private final Duration answerTimeout;
    // Its own relay threads: a client has one session at a time.
    private final Relays relays = new Relays(new RelayThreads());
    private final ConcurrentHashMap<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();
    private final ConcurrentHashMap<Integer, Target> listeners = new ConcurrentHashMap<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private volatile long lastHeard = System.nanoTime();

    TunnelClient(Channel channel, Duration keepalive, Duration answerTimeout) {
        this.channel = channel;
        this.keepalive = keepalive;
        this.answerTimeout = answerTimeout;
    }

    /** Starts reading {@code channel}, a session of the tunnel service. */
    public static TunnelClient start(Channel channel) {
        return new TunnelClient(channel, TunnelProtocol.KEEPALIVE, TunnelProtocol.ANSWER_TIMEOUT).start();
    }

    TunnelClient start() {
        Thread.ofPlatform().daemon().name("tunnel-receive").start(this::receive);
        Thread.ofVirtual().name("tunnel-keepalive").start(this::keepAlive);
        return this;
    }

    /**
     * Whether the server would open a connection to host:port ({@code vpn forward} asks before it
     * says it is ready).
     *
     * @return the refusal, if refused
     * @throws IOException if the session ends first
     */
    public Optional<TunnelMessage.Refused> check(String host, int port) throws IOException {
        int id = reserve(Kind.CHECK, null);
        send(new TunnelMessage.Check(id, host, port));
        return switch (await(id)) {
            case TunnelMessage.Refused refused -> Optional.of(refused);
            default -> Optional.empty();
        };
    }

    /**
     * Has the server connect to host:port and carries {@code local} there: once the server opened
     * the connection, {@code beforeStart} runs (a SOCKS proxy answers its client then), and the
     * relay starts.
     *
     * @return the refusal, if the server did not connect; {@code local} is left to the caller then
     * @throws IOException if the session ends first
     */
    public Optional<TunnelMessage.Refused> open(Socket local, String host, int port, Runnable beforeStart)
            throws IOException {
        int id = reserve(Kind.OPEN, local);
        send(new TunnelMessage.Open(id, TunnelProtocol.WINDOW_BYTES, host, port));
        TunnelMessage answer = await(id);
        if (answer instanceof TunnelMessage.Refused refused) {
            return Optional.of(refused);
        }
        Relay relay = relays.find(id).orElseThrow(() -> new IOException("the session ended"));
        try {
            beforeStart.run();
        } catch (RuntimeException e) {
            relay.abort();
            throw e;
        }
        relays.start(relay);
        return Optional.empty();
    }

    /**
     * Has the server listen on its 127.0.0.1:{@code serverPort} and carry each connection made
     * there to host:port as reached from here ({@code vpn forward --remote}).
     *
     * @param warnings told, one line each, of connections to host:port that failed
     * @return the refusal, if refused
     * @throws IOException if the session ends first
     */
    public Optional<TunnelMessage.Refused> listen(int serverPort, String host, int port, Consumer<String> warnings)
            throws IOException {
        int id = reserve(Kind.LISTEN, null);
        listeners.put(id, new Target(host, port, warnings));
        send(new TunnelMessage.Listen(id, serverPort));
        if (await(id) instanceof TunnelMessage.Refused refused) {
            listeners.remove(id);
            return Optional.of(refused);
        }
        return Optional.empty();
    }

    /** Waits until the session ends; returns why, one line. */
    public String awaitEnd() throws InterruptedException {
        try {
            return ended.get();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        }
    }

    /** Open connections now. */
    public int openConnections() {
        return relays.size();
    }

    private int reserve(Kind kind, Socket local) throws IOException {
        if (ended.isDone()) {
            throw new IOException(ended.getNow("the session ended"));
        }
        while (true) {
            int id = next.getAndIncrement() & ~TunnelProtocol.SERVER_CHANNELS; // the server numbers the others
            if (!relays.contains(id) && !listeners.containsKey(id)
                    && pending.putIfAbsent(id, new Pending(kind, local, new CompletableFuture<>())) == null) {
                return id;
            }
        }
    }

    private TunnelMessage await(int id) throws IOException {
        Pending waiting = pending.get(id);
        try {
            return waiting.answer().get(answerTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            end("the server did not answer within " + answerTimeout.toSeconds() + " s");
            throw new IOException(ended.getNow("the session ended"));
        } catch (ExecutionException e) {
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        } finally {
            pending.remove(id);
        }
    }

    private void send(TunnelMessage message) throws IOException {
        channel.send(TunnelCodec.encode(message));
    }

    private void receive() {
        try {
            while (true) {
                Optional<byte[]> bytes = channel.receive();
                if (bytes.isEmpty()) {
                    end("the server ended the session");
                    return;
                }
                lastHeard = System.nanoTime();
                java.util.OptionalInt data = TunnelCodec.dataChannel(bytes.get());
                if (data.isPresent()) {
                    relays.data(data.getAsInt(), bytes.get());
                } else {
                    handle(TunnelCodec.decode(bytes.get()));
                }
            }
        } catch (ServiceException e) {
            end(e.getMessage());
        } catch (IOException | RuntimeException e) {
            end(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void handle(TunnelMessage message) throws IOException {
        switch (message) {
            case TunnelMessage.Opened opened -> {
                Pending waiting = answered(opened.channel(), Kind.OPEN);
                int id = opened.channel();
                relays.add(new Relay(id, waiting.socket(), channel::send, TunnelProtocol.WINDOW_BYTES, opened.window(),
                        () -> relays.remove(id)));
                waiting.answer().complete(opened);
            }
            case TunnelMessage.Refused refused -> answered(refused.channel(), null).answer().complete(refused);
            case TunnelMessage.Allowed allowed -> answered(allowed.channel(), Kind.CHECK).answer().complete(allowed);
            case TunnelMessage.Listening listening -> answered(listening.channel(), Kind.LISTEN).answer().complete(listening);
            case TunnelMessage.Incoming incoming -> incoming(incoming);
            case TunnelMessage.Pong pong -> {
                // lastHeard is enough
            }
            case TunnelMessage.Window m -> relays.dispatch(m);
            case TunnelMessage.Eof m -> relays.dispatch(m);
            case TunnelMessage.Close m -> relays.dispatch(m);
            default -> throw new ServiceException("tunnel: the server sent a client's message");
        }
    }

    /** A connection to a --remote listener: connected to its target on a thread of its own, then answered. */
    private void incoming(TunnelMessage.Incoming incoming) throws ServiceException {
        int channel = incoming.channel();
        Target target = listeners.get(incoming.listener());
        if (channel >= 0 || target == null || relays.contains(channel)) {
            throw new ServiceException("tunnel: an INCOMING on channel " + Integer.toUnsignedString(channel)
                    + " for listener " + Integer.toUnsignedString(incoming.listener()) + ", which is not possible");
        }
        Thread.ofVirtual().name("tunnel-incoming").start(() -> connect(incoming, target));
    }

    private void connect(TunnelMessage.Incoming incoming, Target target) {
        int channel = incoming.channel();
        Socket socket = new Socket();
        try {
            try {
                socket.connect(new java.net.InetSocketAddress(target.host(), target.port()),
                        (int) TunnelProtocol.CONNECT_TIMEOUT.toMillis());
            } catch (IOException e) {
                socket.close();
                ConnectFailure failure = ConnectFailure.of(e, LocalProxies.target(target.host(), target.port()));
                target.warnings().accept("warning: " + failure.text());
                send(new TunnelMessage.Refused(channel, failure.reason(), failure.text()));
                return;
            }
            Relay relay = new Relay(channel, socket, this.channel::send, TunnelProtocol.WINDOW_BYTES, incoming.window(),
                    () -> relays.remove(channel));
            relays.add(relay);
            send(new TunnelMessage.Opened(channel, TunnelProtocol.WINDOW_BYTES));
            relays.start(relay);
        } catch (IOException sessionGone) {
            Closing.reset(socket);
        }
    }

    /** The request an answer is for; {@code kind} null for REFUSED, which answers any. */
    private Pending answered(int id, Kind kind) throws ServiceException {
        Pending waiting = pending.get(id);
        if (waiting == null || waiting.answer().isDone() || (kind != null && kind != waiting.kind())) {
            throw new ServiceException("tunnel: an answer for channel " + Integer.toUnsignedString(id)
                    + ", which asked no such question");
        }
        return waiting;
    }

    private void keepAlive() {
        try {
            while (!ended.isDone()) {
                Thread.sleep(keepalive);
                if (System.nanoTime() - lastHeard > 3 * keepalive.toNanos()) {
                    end("the server did not answer for " + 3 * keepalive.toSeconds() + " s");
                    return;
                }
                send(new TunnelMessage.Ping(0));
            }
        } catch (IOException e) {
            end(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void end(String why) {
        if (ended.complete(why)) {
            relays.endAll();
            for (Pending waiting : List.copyOf(pending.values())) {
                waiting.answer().completeExceptionally(new IOException(why));
            }
            try {
                channel.close();
            } catch (IOException ignored) {
                // ending either way
            }
        }
    }

    @Override
    public void close() {
        end("closed");
    }
}
