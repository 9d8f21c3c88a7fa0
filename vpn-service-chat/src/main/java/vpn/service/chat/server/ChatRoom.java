package vpn.service.chat.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import vpn.api.service.Printable;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.User;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.ClusterMessage.Relay;
import vpn.service.chat.protocol.ClusterSession;
import vpn.service.chat.protocol.FailureReason;
import vpn.service.chat.protocol.SealedMessage;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage.DeliveryReport;
import vpn.service.chat.protocol.ServerMessage.Failure;
import vpn.service.chat.protocol.ServerMessage.Joined;
import vpn.service.chat.protocol.ServerMessage.Left;
import vpn.service.chat.protocol.ServerMessage.Ok;
import vpn.service.chat.protocol.ServerMessage.Relayed;
import vpn.service.chat.protocol.ServerMessage.Said;
import vpn.service.chat.protocol.ServerMessage.UserKeys;
import vpn.service.chat.protocol.SignedSessionKey;

/**
 * The users online and their sessions; routes lines, direct messages and presence. One lock
 * guards it all, and nothing under the lock blocks: delivering is queueing on the sessions'
 * {@link Outbox}es, and telling the rest of a cluster is handing a message to its bus
 * ({@link ClusterLink}). A user is online while at least one of its sessions is, on this server or
 * (in a cluster) on another: this server's users see it join with its first session and leave
 * with its last.
 */
public final class ChatRoom {

    /** A session of another server of the cluster. */
    private record RemoteSession(String node, ClusterSession session) {
    }

    /** One user online: its identity, its sessions here and elsewhere, and the rate limit its sessions here share. */
    private static final class Presence {
        final String name;
        final byte[] identityKey;
        final List<Member> local = new ArrayList<>();
        final List<RemoteSession> remote = new ArrayList<>();
        TokenBucket rate;

        Presence(String name, byte[] identityKey) {
            this.name = name;
            this.identityKey = identityKey;
        }

        int sessions() {
            return local.size() + remote.size();
        }

        boolean gone() {
            return sessions() == 0;
        }
    }

    /** What this server knows of another server's sessions, by session key, and their digest. */
    private static final class NodeView {
        final Map<ByteBuffer, ClusterSession> sessions = new HashMap<>();
        long digest;
    }

    private final RoomLimits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Presence> online = new TreeMap<>();
    /** This server's sessions by key, in unsigned byte order: the order of the cluster's snapshots. */
    private final TreeMap<byte[], Member> localSessions = new TreeMap<>(Arrays::compareUnsigned);
    private long localDigest;
    private int localUsers;
    private final Map<String, NodeView> nodes = new HashMap<>();
    private ClusterLink cluster = ClusterLink.ALONE;

    /** @param nanoTime the clock of the rate limits ({@code System::nanoTime}) */
    public ChatRoom(RoomLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    RoomLimits limits() {
        return limits;
    }

    /** Joins this room to a cluster's: from now on it tells {@code link} what happens here. Once, before serving. */
    synchronized void joinCluster(ClusterLink link) {
        this.cluster = link;
    }

    /** A session key's share of a digest: its first 8 bytes as a number (keys are random). */
    static long digestOf(byte[] sessionKey) {
        return ByteBuffer.wrap(sessionKey).getLong(0);
    }

    // ---- This server's sessions ----

    /**
     * Lets a session in, answering its ANNOUNCE ({@code requestId}) with OK, or with FAILURE and
     * the reason. The answer is queued before anything else can be, so the session sees it first.
     *
     * @return the session's membership, empty if refused
     * @throws ServiceException if the session key is one a session in the room announced already
     *     (a client replaying its key; ours make a fresh one each time)
     */
    synchronized Optional<Member> join(int requestId, ServiceSession session, User user, SignedSessionKey sessionKey,
            Outbox outbox) throws ServiceException {
        if (localSessions.containsKey(sessionKey.key()) || heldElsewhere(sessionKey.key())) {
            throw new ServiceException("chat: that session key is in use by another session");
        }
        Presence presence = online.get(user.name());
        Optional<FailureReason> refusal = refusal(presence, user);
        if (refusal.isPresent()) {
            outbox.offer(ServerCodec.encode(new Failure(requestId, refusal.get(), user.name())));
            session.log("Chat: " + Printable.of(user.name()) + " refused: " + refusal.get().description());
            return Optional.empty();
        }
        boolean first = presence == null;
        if (first) {
            presence = new Presence(user.name(), user.publicKey());
            online.put(user.name(), presence);
        }
        if (presence.local.isEmpty()) {
            presence.rate = new TokenBucket(limits.messagesPerSecond(), limits.burst(), nanoTime);
            localUsers++;
        }
        Member member = new Member(user, session, sessionKey, outbox, presence.rate);
        outbox.offer(ServerCodec.encode(new Ok(requestId)));
        if (first) {
            toLocal(user.name(), ServerCodec.encode(new Joined(user.name())));
        }
        presence.local.add(member);
        localSessions.put(sessionKey.key(), member);
        localDigest += digestOf(sessionKey.key());
        cluster.sessionJoined(new ClusterSession(user.name(), user.publicKey(), sessionKey));
        session.log("Chat: " + Printable.of(user.name()) + " joined (" + counts() + ")");
        return Optional.of(member);
    }

    private Optional<FailureReason> refusal(Presence presence, User user) {
        if (presence == null || presence.local.isEmpty()) {
            if (localUsers >= limits.maxUsers()) {
                return Optional.of(FailureReason.ROOM_FULL);
            }
        }
        if (presence == null) {
            return Optional.empty();
        }
        if (!Arrays.equals(presence.identityKey, user.publicKey())) {
            // Others pin one key per name; a second key would look like an impostor to them.
            return Optional.of(FailureReason.OTHER_KEY);
        }
        return presence.sessions() >= limits.maxSessionsPerUser()
                ? Optional.of(FailureReason.TOO_MANY_SESSIONS) : Optional.empty();
    }

    /** The session left the room; with the user's last session, this server's others see the user leave. */
    synchronized void leave(Member member) {
        Presence presence = online.get(member.name());
        if (presence == null || !presence.local.remove(member)) {
            return;
        }
        localSessions.remove(member.sessionKey().key());
        localDigest -= digestOf(member.sessionKey().key());
        if (presence.local.isEmpty()) {
            localUsers--;
        }
        cluster.sessionLeft(member.sessionKey().key());
        if (presence.gone()) {
            online.remove(member.name());
            toLocal(member.name(), ServerCodec.encode(new Left(member.name())));
        }
        member.session().log("Chat: " + Printable.of(member.name()) + " left (" + counts() + ")");
    }

    /**
     * A line for every session but the sender's own (the user's other sessions see it too), here
     * and on the cluster's other servers.
     *
     * @return false if the line reached this server's sessions only: the cluster's bus is down
     */
    synchronized boolean say(Member from, String text) {
        byte[] said = ServerCodec.encode(new Said(from.name(), text));
        for (Member member : localSessions.values()) {
            if (member != from) {
                member.outbox().offer(said);
            }
        }
        return cluster.said(from.name(), text);
    }

    /** The names online, sorted. */
    synchronized List<String> names() {
        return List.copyOf(online.keySet());
    }

    /** The identity key of a user online. */
    synchronized Optional<byte[]> identityKey(String name) {
        return Optional.ofNullable(online.get(name)).map(p -> p.identityKey.clone());
    }

    /** The answer to KEYS: the user's identity key and every session's signed key (at most 8). */
    synchronized Optional<UserKeys> keys(int requestId, String name) {
        Presence presence = online.get(name);
        if (presence == null) {
            return Optional.empty();
        }
        List<SignedSessionKey> keys = new ArrayList<>();
        presence.local.forEach(m -> keys.add(m.sessionKey()));
        presence.remote.forEach(r -> keys.add(r.session().sessionKey()));
        return Optional.of(new UserKeys(requestId, name, presence.identityKey,
                keys.subList(0, Math.min(keys.size(), ChatProtocol.MAX_SESSIONS_PER_USER))));
    }

    /**
     * Relays each copy of a direct message to the recipient's session with that key, here or on
     * the server that holds it, and answers the sender ({@code requestId}) with DELIVERY once every
     * copy is written or known lost.
     */
    synchronized void relay(Member from, int requestId, String recipient, List<SealedMessage> copies) {
        DeliveryTally tally = new DeliveryTally(copies.size(), delivered -> from.outbox().offer(
                ServerCodec.encode(new DeliveryReport(requestId, recipient, delivered, copies.size()))));
        Presence presence = online.get(recipient);
        Map<String, List<SealedMessage>> byNode = new LinkedHashMap<>();
        for (SealedMessage copy : copies) {
            Optional<Member> local = presence == null ? Optional.empty() : presence.local.stream()
                    .filter(m -> Arrays.equals(m.sessionKey().key(), copy.recipientKey())).findFirst();
            Optional<RemoteSession> remote = presence == null || local.isPresent() ? Optional.empty()
                    : presence.remote.stream()
                            .filter(r -> Arrays.equals(r.session().sessionKey().key(), copy.recipientKey())).findFirst();
            if (local.isPresent()) {
                local.get().outbox().offer(ServerCodec.encode(new Relayed(from.name(), from.user().publicKey(), copy)),
                        tally.copy());
            } else if (remote.isPresent()) {
                byNode.computeIfAbsent(remote.get().node(), n -> new ArrayList<>()).add(copy);
            } else {
                tally.copy().settled(false);
            }
        }
        byNode.forEach((node, nodeCopies) -> {
            List<Delivery> deliveries = nodeCopies.stream().map(c -> tally.copy()).toList();
            cluster.relay(node, new Relay(from.name(), from.user().publicKey(), nodeCopies))
                    .whenComplete((delivered, failure) -> {
                        int count = failure == null ? Math.min(delivered, deliveries.size()) : 0;
                        for (int i = 0; i < deliveries.size(); i++) {
                            deliveries.get(i).settled(i < count);
                        }
                    });
        });
    }

    private void toLocal(String except, byte[] message) {
        for (Member member : localSessions.values()) {
            if (!member.name().equals(except)) {
                member.outbox().offer(message);
            }
        }
    }

    private String counts() {
        int remoteUsers = online.size() - localUsers;
        return localUsers + (localUsers == 1 ? " user, " : " users, ") + localSessions.size()
                + (localSessions.size() == 1 ? " session" : " sessions")
                + (nodes.isEmpty() ? "" : " here; " + remoteUsers + " more on " + nodes.size()
                        + (nodes.size() == 1 ? " other server" : " other servers"));
    }

    // ---- The cluster's other servers ({@link ClusterNode} calls these from the bus's threads) ----

    /**
     * Hands how many sessions this server holds, and their digest, to {@code heartbeat}, under the
     * lock: so that the heartbeat goes out after every change it counts, and before any it does not.
     */
    synchronized void withLocalCounts(CountsConsumer heartbeat) {
        heartbeat.accept(localSessions.size(), localDigest);
    }

    /** Takes a number of sessions and their digest. */
    @FunctionalInterface
    interface CountsConsumer {
        void accept(int sessions, long digest);
    }

    /** What this server knows of {@code node}'s sessions: their number and digest; empty if nothing. */
    synchronized Optional<long[]> nodeCounts(String node) {
        return Optional.ofNullable(nodes.get(node)).map(v -> new long[] {v.sessions.size(), v.digest});
    }

    /** Up to {@code limit} of this server's sessions whose keys sort after {@code after} (null: from the first). */
    synchronized List<ClusterSession> localPage(byte[] after, int limit) {
        Map<byte[], Member> rest = after == null ? localSessions : localSessions.tailMap(after, false);
        List<ClusterSession> page = new ArrayList<>(Math.min(limit, rest.size()));
        for (Member member : rest.values()) {
            if (page.size() == limit) {
                break;
            }
            page.add(new ClusterSession(member.name(), member.user().publicKey(), member.sessionKey()));
        }
        return page;
    }

    /** A session joined on {@code node}. */
    synchronized void remoteJoined(String node, ClusterSession session) {
        NodeView view = nodes.computeIfAbsent(node, n -> new NodeView());
        ByteBuffer key = ByteBuffer.wrap(session.sessionKey().key());
        if (view.sessions.putIfAbsent(key, session) == null) {
            view.digest += digestOf(session.sessionKey().key());
            show(node, session);
        }
    }

    /** The session with this key left on {@code node}. */
    synchronized void remoteLeft(String node, byte[] sessionKey) {
        NodeView view = nodes.get(node);
        ClusterSession session = view == null ? null : view.sessions.remove(ByteBuffer.wrap(sessionKey));
        if (session != null) {
            view.digest -= digestOf(sessionKey);
            hide(node, session);
        }
    }

    /**
     * {@code node}'s sessions are now these (a snapshot): this server's users see the users that
     * came and went, and no one who merely stayed.
     */
    synchronized void replaceNode(String node, List<ClusterSession> sessions) {
        NodeView old = nodes.remove(node);
        NodeView now = new NodeView();
        for (ClusterSession session : sessions) {
            if (now.sessions.putIfAbsent(ByteBuffer.wrap(session.sessionKey().key()), session) == null) {
                now.digest += digestOf(session.sessionKey().key());
            }
        }
        nodes.put(node, now);
        // The new first, then the old removed: a user with a session in both never seems to leave.
        for (Map.Entry<ByteBuffer, ClusterSession> entry : now.sessions.entrySet()) {
            if (old == null || !old.sessions.containsKey(entry.getKey())) {
                show(node, entry.getValue());
            }
        }
        if (old != null) {
            for (Map.Entry<ByteBuffer, ClusterSession> entry : old.sessions.entrySet()) {
                if (!now.sessions.containsKey(entry.getKey())) {
                    hide(node, entry.getValue());
                }
            }
        }
    }

    /** {@code node} left the cluster or stopped answering: its sessions are gone. */
    synchronized void nodeGone(String node) {
        replaceNode(node, List.of());
        nodes.remove(node);
    }

    /** The number of users online with no session on this server. */
    synchronized int remoteUsers() {
        return online.size() - localUsers;
    }

    /** A line a user of another server said: for every session here. */
    synchronized void remoteSaid(String from, String text) {
        byte[] said = ServerCodec.encode(new Said(from, text));
        localSessions.values().forEach(m -> m.outbox().offer(said));
    }

    /**
     * Copies of a direct message from another server, for sessions here.
     *
     * @return completes with how many were written to their sessions' connections
     */
    synchronized CompletableFuture<Integer> relayFromCluster(Relay relay) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        DeliveryTally tally = new DeliveryTally(relay.copies().size(), result::complete);
        for (SealedMessage copy : relay.copies()) {
            Member member = localSessions.get(copy.recipientKey());
            if (member != null) {
                member.outbox().offer(ServerCodec.encode(new Relayed(relay.from(), relay.senderKey(), copy)), tally.copy());
            } else {
                tally.copy().settled(false);
            }
        }
        return result;
    }

    /**
     * Adds a remote session to its user's presence; with the user's first session anywhere, this
     * server's users see it join. A session whose identity key is not the one the room knows for
     * the name (two servers let the same name in with two keys at the same moment) is not shown.
     */
    private void show(String node, ClusterSession session) {
        if (localSessions.containsKey(session.sessionKey().key())) {
            return;
        }
        Presence presence = online.get(session.name());
        if (presence == null) {
            presence = new Presence(session.name(), session.identityKey());
            online.put(session.name(), presence);
            toLocal(session.name(), ServerCodec.encode(new Joined(session.name())));
        } else if (!Arrays.equals(presence.identityKey, session.identityKey())) {
            return;
        }
        presence.remote.add(new RemoteSession(node, session));
    }

    private void hide(String node, ClusterSession session) {
        Presence presence = online.get(session.name());
        if (presence == null || !presence.remote.removeIf(r -> r.node().equals(node)
                && Arrays.equals(r.session().sessionKey().key(), session.sessionKey().key()))) {
            return;
        }
        if (presence.gone()) {
            online.remove(session.name());
            toLocal(session.name(), ServerCodec.encode(new Left(session.name())));
        }
    }

    /** Whether another server of the cluster holds a session with this key. */
    private boolean heldElsewhere(byte[] sessionKey) {
        ByteBuffer key = ByteBuffer.wrap(sessionKey);
        return nodes.values().stream().anyMatch(view -> view.sessions.containsKey(key));
    }
}
