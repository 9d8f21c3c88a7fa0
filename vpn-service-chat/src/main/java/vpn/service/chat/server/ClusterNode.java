package vpn.service.chat.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import vpn.api.service.Printable;
import vpn.api.service.ServiceException;
import vpn.service.chat.cluster.BusListener;
import vpn.service.chat.cluster.ClusterBus;
import vpn.service.chat.cluster.ClusterBusProvider;
import vpn.service.chat.protocol.ClusterCodec;
import vpn.service.chat.protocol.ClusterMessage;
import vpn.service.chat.protocol.ClusterMessage.Gone;
import vpn.service.chat.protocol.ClusterMessage.Heartbeat;
import vpn.service.chat.protocol.ClusterMessage.Hello;
import vpn.service.chat.protocol.ClusterMessage.Published;
import vpn.service.chat.protocol.ClusterMessage.Relay;
import vpn.service.chat.protocol.ClusterMessage.RelayResult;
import vpn.service.chat.protocol.ClusterMessage.Said;
import vpn.service.chat.protocol.ClusterMessage.SessionJoined;
import vpn.service.chat.protocol.ClusterMessage.SessionLeft;
import vpn.service.chat.protocol.ClusterMessage.SnapshotPage;
import vpn.service.chat.protocol.ClusterMessage.SnapshotRequest;
import vpn.service.chat.protocol.ClusterSession;

/**
 * This server as a member of a chat cluster: tells the other servers what happens in its room,
 * and shows its room what happens in theirs (docs/chat-protocol.md, "Between servers").
 *
 * <p>Each server keeps a view of every other server's sessions, built from their messages, and
 * checks it against their heartbeats: each second every server publishes how many sessions it
 * holds and a digest of their keys. A view that does not match (a message lost in an outage, a
 * server just met) is replaced by a snapshot asked of that server, page by page; what arrives
 * meanwhile is applied after it. A server whose heartbeat is {@link #EXPIRY} late is taken as
 * gone, with its users. Servers that present another server key than this one's are ignored, and
 * at start-up such a server is an error.
 *
 * <p>Locks: this object's, then the room's, never the other way round; the room calls this
 * object's {@link ClusterLink} methods under its lock, and they only hand messages to the bus.
 */
public final class ClusterNode implements ClusterLink, BusListener {

    /** How often a server says it is alive. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);
    /** How late a heartbeat may be before its server is taken as gone (so its users leave within 5 s). */
    static final Duration EXPIRY = Duration.ofSeconds(4);
    /** How long an ask (a snapshot page, a relayed direct message) may take. */
    static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    /** How long the first connection to the bus may take. */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** How long a starting server listens for the others' heartbeats to compare server keys. */
    static final Duration STARTUP_LISTEN = Duration.ofMillis(1200);
    /** The most sessions this server takes from another's snapshot, or buffers for it while fetching one. */
    static final int MAX_SESSIONS_PER_SERVER = 100_000;
    /** At most one line per this many seconds about malformed messages from the bus. */
    private static final long MALFORMED_LOG_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** A server with another key: how logs name it, and when it was last heard. */
    private static final class Refused {
        final String description;
        long lastSeen;

        Refused(String description, long lastSeen) {
            this.description = description;
            this.lastSeen = lastSeen;
        }
    }

    /** Another server, as far as this one knows it. */
    private static final class Peer {
        final String label;
        long lastSeen;
        boolean syncing;
        final List<Published> buffered = new ArrayList<>();

        Peer(String label) {
            this.label = label;
        }
    }

    private final ChatRoom room;
    private final String node;
    private final String label;
    private final String fingerprint;
    private final Consumer<String> log;
    private final LongSupplier nanoTime;
    private volatile ClusterBus bus;
    private ScheduledExecutorService heartbeats;
    // Guarded by this:
    private final Map<String, Peer> peers = new LinkedHashMap<>();
    // Forgotten once silent as long as a peer would expire, or when it says GONE: each start of a
    // misconfigured server is a new node, and the map must not grow with them.
    private final Map<String, Refused> refused = new LinkedHashMap<>();
    private boolean disconnected;
    private long malformed;
    private long malformedLoggedAt;

    /**
     * @param node this server's member name on the bus
     * @param label how other servers' logs name this one (its host name)
     * @param fingerprint this server's key, which every server of the cluster must share
     * @param log the server's log
     */
    public ClusterNode(ChatRoom room, String node, String label, String fingerprint, Consumer<String> log,
            LongSupplier nanoTime) {
        this.room = room;
        this.node = node;
        this.label = label;
        this.fingerprint = fingerprint;
        this.log = log;
        this.nanoTime = nanoTime;
        this.malformedLoggedAt = nanoTime.getAsLong() - MALFORMED_LOG_INTERVAL_NANOS;
    }

    /**
     * Connects {@code room} to the cluster of the bus at {@code uri}: announces this server,
     * listens {@link #STARTUP_LISTEN} for the others, and starts the heartbeats.
     *
     * @throws IOException if the bus cannot be reached, or a server of the cluster presents another
     *     server key than {@code fingerprint}
     */
    public static ClusterNode join(ChatRoom room, ClusterBusProvider provider, URI uri, String fingerprint,
            Consumer<String> log) throws IOException {
        ClusterNode member = new ClusterNode(room, newNodeName(new SecureRandom()), hostName(), fingerprint, log,
                System::nanoTime);
        member.attach(provider.connect(uri, member.node, member, CONNECT_TIMEOUT));
        member.hello();
        try {
            Thread.sleep(STARTUP_LISTEN);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            member.leave();
            throw new IOException("interrupted while joining the cluster");
        }
        List<String> others = member.refusedServers();
        if (!others.isEmpty()) {
            member.leave();
            throw new IOException("the cluster at " + member.bus.describe() + " has servers with another server key ("
                    + String.join(", ", others) + "); this server's is " + fingerprint
                    + ": the servers of a cluster share one key (docs/deploy.md)");
        }
        member.startHeartbeats();
        log.accept("Cluster: joined " + member.bus.describe() + " as node " + member.node + " ("
                + member.peerCount() + (member.peerCount() == 1 ? " other server" : " other servers") + ")");
        return member;
    }

    /** A fresh member name: 16 hex digits, so that a restarted server is a new member. */
    static String newNodeName(SecureRandom random) {
        byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "a server";
        }
    }

    /** Uses {@code bus} from now on, and makes the room tell this member what happens in it. */
    void attach(ClusterBus bus) {
        this.bus = bus;
        room.joinCluster(this);
    }

    /** Asks the others to say at once that they are there (they answer with a heartbeat). */
    void hello() {
        publish(new Hello(node, label, fingerprint));
    }

    /** Publishes the heartbeat every {@link #HEARTBEAT}, and takes late servers as gone. */
    void startHeartbeats() {
        heartbeats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("chat cluster").factory());
        heartbeats.scheduleAtFixedRate(this::tick, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One heartbeat: this server's counts out, and the servers whose heartbeats are late taken as gone. */
    void tick() {
        heartbeat();
        synchronized (this) {
            long now = nanoTime.getAsLong();
            List<String> late = peers.entrySet().stream()
                    .filter(e -> now - e.getValue().lastSeen > EXPIRY.toNanos()).map(Map.Entry::getKey).toList();
            for (String other : late) {
                Peer peer = peers.remove(other);
                int before = room.remoteUsers();
                room.nodeGone(other);
                log.accept("Cluster: server " + Printable.of(peer.label) + " (node " + other + ") stopped answering (no "
                        + "heartbeat for " + EXPIRY.toSeconds() + " s): its users are gone (" + (before - room.remoteUsers())
                        + " left)");
            }
            refused.values().removeIf(r -> now - r.lastSeen > EXPIRY.toNanos());
        }
    }

    private void heartbeat() {
        ClusterBus current = bus;
        if (current != null) {
            room.withLocalCounts((sessions, digest) ->
                    current.publish(ClusterCodec.encode(new Heartbeat(node, label, fingerprint, sessions, digest))));
        }
    }

    /** Tells the others this server stops, and leaves the bus. */
    public void leave() {
        if (heartbeats != null) {
            heartbeats.shutdownNow();
        }
        ClusterBus current = bus;
        if (current != null) {
            publish(new Gone(node));
            current.close();
        }
    }

    /** The servers ignored for presenting another server key: {@code LABEL (KEY)} each. */
    synchronized List<String> refusedServers() {
        return refused.values().stream().map(r -> r.description).toList();
    }

    /** The other servers this one hears from. */
    synchronized int peerCount() {
        return peers.size();
    }

    String node() {
        return node;
    }

    // ---- ClusterLink: what the room tells the others ----

    @Override
    public void sessionJoined(ClusterSession session) {
        publish(new SessionJoined(node, session));
    }

    @Override
    public void sessionLeft(byte[] sessionKey) {
        publish(new SessionLeft(node, sessionKey));
    }

    @Override
    public boolean said(String from, String text) {
        return publish(new Said(node, from, text));
    }

    @Override
    public CompletableFuture<Integer> relay(String target, Relay relay) {
        ClusterBus current = bus;
        if (current == null) {
            return CompletableFuture.failedFuture(new IOException("not connected to the cluster"));
        }
        return current.ask(target, ClusterCodec.encode(relay), ASK_TIMEOUT).thenApply(answer -> {
            if (decodeQuietly(answer) instanceof RelayResult result) {
                return result.delivered();
            }
            throw new IllegalStateException("server " + target + " answered a relay with something else");
        });
    }

    private boolean publish(ClusterMessage message) {
        ClusterBus current = bus;
        return current != null && current.publish(ClusterCodec.encode(message));
    }

    // ---- BusListener: what the others tell this server ----

    @Override
    public void onMessage(byte[] message) {
        ClusterMessage decoded = decodeQuietly(message);
        if (!(decoded instanceof Published published) || published.node().equals(node)) {
            return;
        }
        switch (published) {
            case Hello hello -> {
                if (accepted(hello.node(), hello.label(), hello.fingerprint())) {
                    heartbeat();
                }
            }
            case Heartbeat heartbeat -> onHeartbeat(heartbeat);
            case SessionJoined joined -> onChange(joined);
            case SessionLeft left -> onChange(left);
            case Said said -> {
                if (!isRefused(said.node())) {
                    room.remoteSaid(said.from(), said.text());
                }
            }
            case Gone gone -> onGone(gone.node());
        }
    }

    @Override
    public CompletableFuture<byte[]> onAsk(byte[] request) {
        return switch (decodeQuietly(request)) {
            case SnapshotRequest snapshot -> {
                List<ClusterSession> sessions = room.localPage(snapshot.after(), ClusterCodec.SESSIONS_PER_PAGE + 1);
                boolean more = sessions.size() > ClusterCodec.SESSIONS_PER_PAGE;
                yield CompletableFuture.completedFuture(ClusterCodec.encode(new SnapshotPage(
                        more ? sessions.subList(0, ClusterCodec.SESSIONS_PER_PAGE) : sessions, more)));
            }
            case Relay relay -> room.relayFromCluster(relay).thenApply(n -> ClusterCodec.encode(new RelayResult(n)));
            case null, default -> CompletableFuture.failedFuture(new IllegalArgumentException("not a request"));
        };
    }

    @Override
    public synchronized void onDisconnected(String reason) {
        if (!disconnected) {
            disconnected = true;
            log.accept("Cluster: lost the bus " + describeBus() + ": " + Printable.of(reason)
                    + "; this server's users still chat among themselves; reconnecting");
        }
    }

    @Override
    public void onReconnected() {
        synchronized (this) {
            if (!disconnected) {
                return;
            }
            disconnected = false;
            log.accept("Cluster: reconnected to the bus " + describeBus());
        }
        hello();
    }

    private String describeBus() {
        ClusterBus current = bus;
        return current == null ? "" : current.describe();
    }

    private synchronized void onHeartbeat(Heartbeat heartbeat) {
        if (!accepted(heartbeat.node(), heartbeat.label(), heartbeat.fingerprint())) {
            return;
        }
        Peer peer = peers.get(heartbeat.node());
        if (peer == null) {
            peer = new Peer(heartbeat.label());
            peers.put(heartbeat.node(), peer);
            room.replaceNode(heartbeat.node(), List.of());
            log.accept("Cluster: server " + Printable.of(heartbeat.label()) + " (node " + heartbeat.node()
                    + ") is in the cluster");
        }
        peer.lastSeen = nanoTime.getAsLong();
        if (!peer.syncing) {
            long[] known = room.nodeCounts(heartbeat.node()).orElse(new long[] {0, 0});
            if (known[0] != Integer.toUnsignedLong(heartbeat.sessions()) || known[1] != heartbeat.digest()) {
                peer.syncing = true;
                fetch(heartbeat.node(), peer, null, new ArrayList<>());
            }
        }
    }

    /** Asks {@code other} for the page of its sessions after {@code after}; at the last page, replaces the view. */
    private void fetch(String other, Peer peer, byte[] after, List<ClusterSession> sessions) {
        bus.ask(other, ClusterCodec.encode(new SnapshotRequest(after)), ASK_TIMEOUT).whenComplete((answer, failure) -> {
            if (failure == null && decodeQuietly(answer) instanceof SnapshotPage page) {
                sessions.addAll(page.sessions());
                if (page.more() && !page.sessions().isEmpty() && sessions.size() < MAX_SESSIONS_PER_SERVER) {
                    fetch(other, peer, page.sessions().getLast().sessionKey().key(), sessions);
                } else {
                    synced(other, peer, sessions);
                }
            } else {
                // The next heartbeat that still disagrees asks again.
                synchronized (this) {
                    peer.syncing = false;
                    peer.buffered.clear();
                }
            }
        });
    }

    private synchronized void synced(String other, Peer peer, List<ClusterSession> sessions) {
        if (peers.get(other) != peer) {
            return; // it left or expired meanwhile
        }
        room.replaceNode(other, sessions);
        peer.buffered.forEach(change -> apply(other, change));
        peer.buffered.clear();
        peer.syncing = false;
    }

    private synchronized void onChange(Published change) {
        Peer peer = peers.get(change.node());
        if (peer == null) {
            return; // not heard from yet: its first heartbeat brings a snapshot
        }
        if (peer.syncing) {
            if (peer.buffered.size() < MAX_SESSIONS_PER_SERVER) {
                peer.buffered.add(change);
            }
            return;
        }
        apply(change.node(), change);
    }

    private void apply(String other, Published change) {
        switch (change) {
            case SessionJoined joined -> room.remoteJoined(other, joined.session());
            case SessionLeft left -> room.remoteLeft(other, left.sessionKey());
            default -> throw new IllegalArgumentException("not a change of sessions: " + change);
        }
    }

    private synchronized void onGone(String other) {
        refused.remove(other);
        Peer peer = peers.remove(other);
        if (peer != null) {
            room.nodeGone(other);
            log.accept("Cluster: server " + Printable.of(peer.label) + " (node " + other + ") left the cluster");
        }
    }

    /** Whether a server presents this server's key; the first time one does not, one line says so. */
    private synchronized boolean accepted(String other, String otherLabel, String otherFingerprint) {
        if (otherFingerprint.equals(fingerprint)) {
            return true;
        }
        long now = nanoTime.getAsLong();
        Refused known = refused.get(other);
        if (known != null) {
            known.lastSeen = now;
        } else {
            String description = Printable.of(otherLabel) + " (node " + other + ", key " + Printable.of(otherFingerprint) + ")";
            refused.put(other, new Refused(description, now));
            log.accept("Cluster: ignoring server " + description + ": it presents another server key than this "
                    + "server's " + fingerprint + "; the servers of a cluster share one key (docs/deploy.md)");
        }
        return false;
    }

    private synchronized boolean isRefused(String other) {
        return refused.containsKey(other);
    }

    /** The message, or null (with a line in the log, at most one a minute) if it cannot be read. */
    private ClusterMessage decodeQuietly(byte[] message) {
        try {
            return ClusterCodec.decode(message);
        } catch (ServiceException e) {
            synchronized (this) {
                malformed++;
                long now = nanoTime.getAsLong();
                if (now - malformedLoggedAt >= MALFORMED_LOG_INTERVAL_NANOS) {
                    log.accept("Cluster: dropped " + malformed + " unreadable message" + (malformed == 1 ? "" : "s")
                            + " from the bus; the last: " + e.getMessage());
                    malformed = 0;
                    malformedLoggedAt = now;
                }
            }
            return null;
        }
    }
}
