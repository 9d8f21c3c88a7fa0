package vpn.core.server;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.TranscriptLogger;
import vpn.core.transport.ArrivedTransport;
import vpn.core.transport.Deadlines;
import vpn.core.transport.ProxyHeaderReader;
import vpn.core.transport.SocketTransport;
import vpn.core.transport.Transport;
import vpn.core.transport.WriteTimeoutException;

/**
 * Accepts connections and runs each session on a thread of its own ({@link Threads}: by default a
 * platform thread for the first few hundred sessions at once, a virtual thread beyond). A connection from an address with too many unfinished handshakes is
 * dropped at once, before any work ({@link Startups}, {@code --max-startups}). One session's failure,
 * whatever it is, ends that session only. While more than one session is open, transcript lines
 * carry the client's address so that they can be told apart; with a single client the transcript
 * is exactly the reference's. A connection that closes before sending a byte (a load balancer's
 * health check) leaves no line. Behind a balancer, the client's address can come from a PROXY
 * protocol header instead of the socket ({@link Origin}).
 */
public final class VpnServer implements Closeable {

    /** How long closing waits for the sessions to take their Close before it cuts them. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);
    /** How long closing then waits for the sessions' threads to report their ends. */
    private static final Duration LAST_LINES = Duration.ofSeconds(1);

    private final ServerSession sessions;
    private final Verbosity verbosity;
    /** Operational lines; the sessions' own lines go to {@link #transcript}. */
    private final System.Logger log;
    private final int maxSessions;
    private final Transcript transcript;
    private final Semaphore slots;
    private final AtomicInteger open = new AtomicInteger();
    /**
     * Connections that have sent a byte: while more than one, lines carry the client's address. Not
     * {@link #open}, which counts health checks too, whose moment would tag a lone client's lines.
     */
    private final AtomicInteger speaking = new AtomicInteger();
    private final SessionThreads executor;
    private final Deadlines deadlines = new Deadlines();
    private final OpenSessions established = new OpenSessions();
    /** Every connection, in its handshake or its session: what closing cuts once the grace is over. */
    private final Set<SocketTransport> connections = ConcurrentHashMap.newKeySet();
    private final Object closing = new Object();
    private volatile boolean stopping;
    private boolean acceptingStopped;
    private boolean closed;
    private final Startups startups;
    private final DropReport drops;
    private final Origin origin;
    private ServerSocket serverSocket;

    /** How sessions run, one thread each ({@link SessionThreads}). */
    public enum Threads {
        /**
         * The default: platform threads for the first {@link SessionThreads#PLATFORM_SESSIONS}
         * sessions at once, virtual threads beyond.
         */
        AUTO,
        /**
         * Cheap enough for tens of thousands of sessions; each blocking read parks the thread and goes
         * through the JDK's epoll poller, which costs CPU per message (docs/performance.md).
         */
        VIRTUAL,
        /** A kernel thread per session: reads block in the kernel, less CPU per message, more memory per session. */
        PLATFORM
    }

    /** Where a connection's client address comes from. */
    public enum Origin {
        /** The socket: clients connect directly. */
        SOCKET,
        /**
         * A PROXY protocol v2 header that must begin every connection ({@code --proxy-protocol}): the
         * address a TCP load balancer carries for its client, or for its own health checks (LOCAL) the
         * socket's. Anyone who can reach the port can claim any address, so only the balancer should.
         */
        PROXY_PROTOCOL
    }

    /**
     * Which lines the server prints. Operational lines (listening, a client's arrival, every
     * refusal and failure) always; the per-session transcript (negotiation, what the service
     * prints) unless quiet; a line for each session that ends normally when verbose.
     */
    public enum Verbosity {
        QUIET, NORMAL, VERBOSE
    }

    /** How often, at most, the server reports connections dropped past {@code --max-startups}. */
    private static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);

    public VpnServer(ServerSession sessions, int maxSessions, Transcript transcript) {
        this(sessions, maxSessions, transcript, Threads.AUTO, Verbosity.NORMAL);
    }

    /** With {@link MaxStartups#DEFAULT} per source address. */
    public VpnServer(ServerSession sessions, int maxSessions, Transcript transcript, Threads threads,
            Verbosity verbosity) {
        this(sessions, maxSessions, transcript, threads, verbosity, new Startups(MaxStartups.DEFAULT, new SecureRandom()));
    }

    /** @param startups the unfinished handshakes per source address, and when to drop new ones */
    public VpnServer(ServerSession sessions, int maxSessions, Transcript transcript, Threads threads,
            Verbosity verbosity, Startups startups) {
        this(sessions, maxSessions, transcript, threads, verbosity, startups, Origin.SOCKET);
    }

    /** @param origin where each connection's client address comes from: what per-source limits and lines use */
    public VpnServer(ServerSession sessions, int maxSessions, Transcript transcript, Threads threads,
            Verbosity verbosity, Startups startups, Origin origin) {
        this.origin = origin;
        this.verbosity = verbosity;
        this.log = new TranscriptLogger("vpn.server", transcript,
                verbosity == Verbosity.VERBOSE ? System.Logger.Level.DEBUG : System.Logger.Level.INFO);
        this.sessions = sessions;
        this.maxSessions = maxSessions;
        this.transcript = transcript;
        this.slots = new Semaphore(maxSessions);
        this.startups = startups;
        this.drops = new DropReport(log, startups.limit(), DROP_REPORT_INTERVAL, System::nanoTime);
        this.executor = new SessionThreads(threads, "vpn-session-");
    }

    /**
     * Binds the listening socket and prints {@code Listening on HOST:PORT}.
     *
     * @param port 0 for any free port
     * @return the bound address (with the real port)
     */
    public synchronized InetSocketAddress bind(String host, int port) throws IOException {
        if (serverSocket != null) {
            throw new IllegalStateException("already bound to " + serverSocket.getLocalSocketAddress());
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 512);
        serverSocket = socket;
        log.log(System.Logger.Level.INFO, "Listening on " + host + ":" + socket.getLocalPort());
        return new InetSocketAddress(socket.getInetAddress(), socket.getLocalPort());
    }

    /** Accepts connections until {@link #close()}; blocks the calling thread. */
    public void serve() throws IOException {
        ServerSocket socket;
        synchronized (this) {
            if (serverSocket == null) {
                throw new IllegalStateException("bind() first");
            }
            if (acceptingStopped) {
                return;
            }
            socket = serverSocket;
        }
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (SocketException e) {
                if (socket.isClosed()) {
                    return;
                }
                throw e;
            }
            // Admitted here, before anything is read; behind a balancer once its header names the client.
            Optional<Startups.Startup> startup = Optional.empty();
            if (origin == Origin.SOCKET) {
                startup = admit(client.getInetAddress());
                if (startup.isEmpty()) {
                    closeQuietly(client);
                    continue;
                }
            }
            if (!slots.tryAcquire()) {
                startup.ifPresent(Startups.Startup::finish);
                log.log(System.Logger.Level.INFO, "Refused " + client.getRemoteSocketAddress() + ": already serving "
                        + maxSessions + " clients");
                closeQuietly(client);
                continue;
            }
            Optional<Startups.Startup> admitted = startup;
            try {
                executor.execute(() -> {
                    try {
                        handle(client, admitted);
                    } finally {
                        admitted.ifPresent(Startups.Startup::finish);
                        slots.release();
                    }
                });
            } catch (RejectedExecutionException closed) {
                // accepted as close() ended the sessions' threads: nothing is served any more
                admitted.ifPresent(Startups.Startup::finish);
                slots.release();
                closeQuietly(client);
                return;
            }
        }
    }

    /** Serves on a background thread: for tests, the demo and embedding. */
    public Thread start() {
        Thread thread = Thread.ofPlatform().name("vpn-accept").daemon().start(() -> {
            try {
                serve();
            } catch (IOException e) {
                log.log(System.Logger.Level.ERROR, "the server stopped: " + e.getMessage());
            }
        });
        return thread;
    }

    /**
     * A connection from {@code source}, counted against {@code --max-startups} until its handshake
     * finishes, or dropped; drops are reported a line at a time, not per connection.
     */
    private Optional<Startups.Startup> admit(InetAddress source) {
        Optional<Startups.Startup> startup = startups.admit(source);
        if (startup.isEmpty()) {
            drops.dropped(source, startups.unauthenticated(source));
        } else {
            drops.admitted();
        }
        return startup;
    }

    /** @param admitted the accept loop's admission; empty when the client's address is still to be read */
    private void handle(Socket socket, Optional<Startups.Startup> admitted) {
        open.incrementAndGet();
        String peer = "?";
        try (SocketTransport transport = new SocketTransport(socket, deadlines, sessions.limits().writeTimeout())) {
            peer = transport.peer();
            connections.add(transport);
            try {
                if (stopping) { // accepted just as the server stopped: closed unserved
                    return;
                }
                Optional<InetSocketAddress> client = client(transport, (InetSocketAddress) socket.getRemoteSocketAddress());
                if (client.isEmpty()) {
                    return; // a health check
                }
                peer = SocketTransport.format(client.get());
                Optional<Startups.Startup> startup = admitted.isPresent() ? admitted : admit(client.get().getAddress());
                if (startup.isEmpty()) {
                    return;
                }
                try {
                    Optional<ArrivedTransport> arrived = ArrivedTransport.await(transport, peer, "proposal",
                            sessions.limits().handshakeTimeout());
                    if (arrived.isPresent()) { // else closed before a byte: a health check, no line
                        runSession(arrived.get(), peer, startup.get());
                    }
                } finally {
                    startup.get().finish();
                }
            } finally {
                connections.remove(transport);
            }
        } catch (ProtocolException | WriteTimeoutException e) {
            log.log(System.Logger.Level.INFO, "Closed " + peer + ": " + e.getMessage());
        } catch (IOException e) {
            log.log(System.Logger.Level.INFO, "Closed " + peer + ": "
                    + (stopping ? "the server stopped" : "connection error: " + e.getMessage()));
        } catch (RuntimeException e) {
            // A bug must not take the server down; say what happened and keep serving.
            log.log(System.Logger.Level.ERROR, "Closed " + peer + ": internal error: " + e);
        } finally {
            open.decrementAndGet();
        }
    }

    /**
     * The client's address: the socket's, or the one its PROXY protocol header carries (the socket's
     * for the balancer's own LOCAL connections). Empty if the peer closed before sending a byte.
     */
    private Optional<InetSocketAddress> client(SocketTransport transport, InetSocketAddress socketAddress)
            throws ProtocolException, IOException {
        if (origin == Origin.SOCKET) {
            return Optional.of(socketAddress);
        }
        Duration timeout = sessions.limits().handshakeTimeout();
        Optional<ArrivedTransport> arrived = ArrivedTransport.await(transport, transport.peer(),
                "PROXY protocol header", timeout);
        if (arrived.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ProxyHeaderReader.read(arrived.get(), timeout).client(socketAddress));
    }

    private void runSession(Transport transport, String peer, Startups.Startup startup)
            throws ProtocolException, IOException {
        speaking.incrementAndGet();
        try {
            runArrived(transport, peer, startup);
        } finally {
            speaking.decrementAndGet();
        }
    }

    private void runArrived(Transport transport, String peer, Startups.Startup startup)
            throws ProtocolException, IOException {
        String tag = "[" + peer + "] ";
        Transcript tagged = line -> transcript.line(speaking.get() > 1 ? tag + line : line);
        Transcript events = line -> log.log(System.Logger.Level.INFO, speaking.get() > 1 ? tag + line : line);
        log.log(System.Logger.Level.INFO, (speaking.get() > 1 ? tag : "") + "New client: " + peer);
        sessions.run(transport, verbosity == Verbosity.QUIET ? Transcript.SILENT : tagged, events, established,
                startup::finish);
        log.log(System.Logger.Level.DEBUG, "Ended " + peer + ": the session ended normally");
    }

    /**
     * Ends the sessions of users whose keys are no longer authorized (the authorized-keys file
     * changed), each with its close and a line naming the user.
     *
     * @param fingerprints the removed keys' fingerprints
     * @return how many sessions were ended
     */
    public int endSessionsOfKeys(java.util.Set<String> fingerprints) {
        return established.closeWhere(user -> fingerprints.contains(user.keyFingerprint()),
                "the key " + (fingerprints.size() == 1 ? fingerprints.iterator().next() + " is" : "is")
                        + " no longer authorized");
    }

    /** Connections from {@code source} that have not finished their handshake (for tests and diagnostics). */
    public int unauthenticated(InetAddress source) {
        return startups.unauthenticated(source);
    }

    /** Connections currently handled: sessions, and connections that have not sent their first byte yet. */
    public int openSessions() {
        return open.get();
    }

    /**
     * Stops accepting connections: {@link #serve()} returns, or returns at once if it has not begun.
     * The sessions go on until {@link #close()}. Any thread may call it, at any time.
     */
    public void stopAccepting() throws IOException {
        ServerSocket socket;
        synchronized (this) {
            acceptingStopped = true;
            socket = serverSocket;
        }
        if (socket != null) {
            socket.close();
        }
    }

    /**
     * Stops accepting and ends every session properly (secure mode: with its Close); after
     * {@link #SHUTDOWN_GRACE}, cuts the connections still open (handshakes in progress, peers that
     * did not take their Close). Returns within the grace and a second; a second call waits for the first.
     */
    @Override
    public void close() throws IOException {
        synchronized (closing) {
            if (closed) {
                return;
            }
            closed = true;
            stopping = true;
            stopAccepting();
            int ending = established.size();
            if (ending > 0) {
                log.log(System.Logger.Level.INFO, "Ending " + ending + (ending == 1 ? " session" : " sessions"));
            }
            try {
                established.closeAll(SHUTDOWN_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            // Handshakes in progress, and peers that did not take their Close within the grace.
            connections.forEach(VpnServer::closeQuietly);
            executor.shutdown();
            try {
                executor.awaitTermination(LAST_LINES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor.shutdownNow();
        }
    }

    private static void closeQuietly(Closeable connection) {
        try {
            connection.close();
        } catch (IOException ignored) {
            // closed either way
        }
    }
}
