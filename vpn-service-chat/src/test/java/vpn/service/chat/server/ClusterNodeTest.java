package vpn.service.chat.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vpn.api.service.SessionHandler;
import vpn.service.chat.ChatService;
import vpn.service.chat.crypto.DirectMessageCrypto;
import vpn.service.chat.crypto.SessionKeyPair;
import vpn.service.chat.crypto.SessionKeySignatures;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;
import vpn.service.chat.protocol.ClusterCodec;
import vpn.service.chat.protocol.FailureReason;
import vpn.service.chat.protocol.SealedMessage;
import vpn.service.chat.protocol.ServerMessage;
import vpn.service.chat.protocol.ServerMessage.DeliveryReport;
import vpn.service.chat.protocol.ServerMessage.Failure;
import vpn.service.chat.protocol.ServerMessage.Joined;
import vpn.service.chat.protocol.ServerMessage.Left;
import vpn.service.chat.protocol.ServerMessage.Ok;
import vpn.service.chat.protocol.ServerMessage.Relayed;
import vpn.service.chat.protocol.ServerMessage.Said;
import vpn.service.chat.protocol.ServerMessage.UserKeys;
import vpn.service.chat.protocol.ServerMessage.Users;
import vpn.service.chat.testing.FakeSession;
import vpn.service.chat.testing.MemoryBus;
import vpn.service.chat.testing.TestUser;

/**
 * Several servers' rooms joined through an in-memory bus, with fake sessions: every chat behaviour
 * across servers, the heartbeats (a dead server's users leave; a lost message is repaired from a
 * snapshot), an outage of the bus, and servers with another server key. The clock is the test's:
 * a "beat" is one heartbeat of every server, and then everything it caused.
 */
class ClusterNodeTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String KEY = "SHA256:clusterkey";

    private final AtomicLong now = new AtomicLong();
    private final MemoryBus bus = new MemoryBus();
    private final List<Server> servers = new ArrayList<>();
    private final TestUser alice = TestUser.named("alice");
    private final TestUser bob = TestUser.named("bob");
    private final TestUser carol = TestUser.named("carol");
    private RoomLimits limits = RoomLimits.DEFAULT;

    /** One server: its room, its service and its membership of the cluster. */
    private final class Server {
        final String name;
        final ChatRoom room = new ChatRoom(limits, now::get);
        final ChatService service = new ChatService(room);
        final List<String> log = new CopyOnWriteArrayList<>();
        final ClusterNode node;
        boolean alive = true;

        Server(String name, String fingerprint) {
            this.name = name;
            this.node = new ClusterNode(room, name, "host-" + name, fingerprint, log::add, now::get);
            node.attach(bus.connect(URI.create("memory://bus"), name, node, Duration.ofSeconds(1)));
            servers.add(this);
        }

        Session join(TestUser user) throws Exception {
            Session session = new Session(this, user);
            assertEquals(new Ok(0), session.announce());
            return session;
        }
    }

    /** One chat session on a server, as its client would drive it. */
    private static final class Session {
        final TestUser user;
        final FakeSession session;
        final SessionHandler handler;
        final SessionKeyPair sessionKey = SessionKeyPair.generate(RANDOM);
        int nextId = 1;

        Session(Server server, TestUser user) throws Exception {
            this.user = user;
            this.session = new FakeSession(user.user(), user.name() + "@" + server.name);
            this.handler = server.service.open(session);
        }

        ServerMessage announce() throws Exception {
            handler.onMessage(ClientCodec.encode(new ClientMessage.Announce(0,
                    SessionKeySignatures.sign(user, sessionKey.publicKey()))));
            return session.next();
        }

        int send(IntFunction<ClientMessage> request) throws Exception {
            int id = nextId++;
            handler.onMessage(ClientCodec.encode(request.apply(id)));
            return id;
        }

        List<String> list() throws Exception {
            int id = send(ClientMessage.ListUsers::new);
            List<String> names = new ArrayList<>();
            while (true) {
                ServerMessage next = session.next();
                if (next instanceof Users users && users.requestId() == id) {
                    names.addAll(users.names());
                    if (!users.more()) {
                        return names;
                    }
                }
            }
        }

        /** Nothing else is waiting for this session: a list request is answered next. */
        void nothingElse() throws Exception {
            int id = send(ClientMessage.ListUsers::new);
            ServerMessage next = session.next();
            assertTrue(next instanceof Users users && users.requestId() == id, "expected only the list, got " + next);
        }

        void leave() {
            handler.onClose();
        }
    }

    @AfterEach
    void leaveTheBus() {
        servers.forEach(s -> s.node.leave());
    }

    /** One heartbeat of every live server, and all that it caused. */
    private void beat() throws Exception {
        for (int i = 0; i < 2; i++) {
            for (Server server : servers) {
                if (server.alive) {
                    server.node.tick();
                }
            }
            bus.settle();
        }
    }

    /** Servers a and b, alice on a and bob on b, each having seen the other join. */
    private record TwoServers(Server a, Server b, Session alice, Session bob) {
    }

    private TwoServers aliceOnAAndBobOnB() throws Exception {
        Server a = new Server("a", KEY);
        Server b = new Server("b", KEY);
        Session alice1 = a.join(alice);
        Session bob1 = b.join(bob);
        beat();
        assertEquals(new Joined("bob"), alice1.session.next());
        assertEquals(new Joined("alice"), bob1.session.next());
        return new TwoServers(a, b, alice1, bob1);
    }

    @Test
    void usersOfTwoServersSeeOneRoom() throws Exception {
        TwoServers two = aliceOnAAndBobOnB();
        Session alice1 = two.alice();
        Session bob1 = two.bob();
        Server b = two.b();
        assertEquals(List.of("alice", "bob"), alice1.list());
        assertEquals(List.of("alice", "bob"), bob1.list());

        Session carol1 = b.join(carol);
        bus.settle();
        assertEquals(new Joined("carol"), alice1.session.next(), "a join after the first snapshot comes as it happens");
        assertEquals(new Joined("carol"), bob1.session.next());
        int id = alice1.send(i -> new ClientMessage.Say(i, "hello, everyone"));
        assertEquals(new Ok(id), alice1.session.next());
        bus.settle();
        assertEquals(new Said("alice", "hello, everyone"), bob1.session.next(Said.class));
        assertEquals(new Said("alice", "hello, everyone"), carol1.session.next(Said.class));

        carol1.leave();
        bus.settle();
        assertEquals(new Left("carol"), alice1.session.next());
        alice1.nothingElse();
    }

    @Test
    void aDirectMessageToAnotherServerIsRelayedAndItsDeliveryReported() throws Exception {
        TwoServers two = aliceOnAAndBobOnB();
        Session alice1 = two.alice();
        Session bob1 = two.bob();

        int keysId = alice1.send(i -> new ClientMessage.FetchKeys(i, "bob"));
        UserKeys keys = alice1.session.next(UserKeys.class);
        assertEquals(keysId, keys.requestId());
        assertEquals(1, keys.sessionKeys().size());
        SealedMessage copy = new DirectMessageCrypto(RANDOM).seal(alice, "alice", "bob",
                keys.sessionKeys().get(0).key(), "for your eyes only".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int id = alice1.send(i -> new ClientMessage.Direct(i, "bob", List.of(copy)));
        Relayed relayed = bob1.session.next(Relayed.class);
        assertEquals("alice", relayed.from());
        assertTrue(java.util.Arrays.equals(alice.publicKey(), relayed.senderKey()));
        assertTrue(java.util.Arrays.equals(copy.ciphertext(), relayed.message().ciphertext()),
                "the bus carried the sender's ciphertext as it was");
        assertEquals(new DeliveryReport(id, "bob", 1, 1), alice1.session.next(DeliveryReport.class));
    }

    @Test
    void aDirectMessageToASessionThatLeftCountsAsNotDelivered() throws Exception {
        Server a = new Server("a", KEY);
        Server b = new Server("b", KEY);
        Session alice1 = a.join(alice);
        Session bob1 = b.join(bob);
        Session bob2 = b.join(bob);
        beat();
        alice1.session.next(Joined.class);
        bob1.session.next(Joined.class);
        bob2.session.next(Joined.class);
        alice1.send(i -> new ClientMessage.FetchKeys(i, "bob"));
        UserKeys keys = alice1.session.next(UserKeys.class);
        assertEquals(2, keys.sessionKeys().size());
        List<SealedMessage> copies = new ArrayList<>();
        for (var key : keys.sessionKeys()) {
            copies.add(new DirectMessageCrypto(RANDOM).seal(alice, "alice", "bob", key.key(), "two copies".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        // bob's second session ends, and a has not heard of it when the copies go
        bus.lose(message -> message[1] == 0x44); // SESSION_LEFT
        bob2.leave();
        int id = alice1.send(i -> new ClientMessage.Direct(i, "bob", copies));
        bob1.session.next(Relayed.class);
        assertEquals(new DeliveryReport(id, "bob", 1, 2), alice1.session.next(DeliveryReport.class));
    }

    @Test
    void aUserOnTwoServersIsOneUserOnline() throws Exception {
        limits = new RoomLimits(100, 2, 20, 40, 1000, 1 << 20);
        Server a = new Server("a", KEY);
        Server b = new Server("b", KEY);
        Session bob1 = b.join(bob);
        Session aliceOnA = a.join(alice);
        beat();
        assertEquals(new Joined("alice"), bob1.session.next());
        Session aliceOnB = b.join(alice);
        bus.settle();
        beat();
        bob1.nothingElse(); // alice's second session, elsewhere, is no news

        Session third = new Session(b, alice);
        Failure refused = (Failure) third.announce();
        assertEquals(FailureReason.TOO_MANY_SESSIONS, refused.reason(), "the sessions on both servers count");
        Session impostor = new Session(b, alice.withAnotherKey());
        assertEquals(FailureReason.OTHER_KEY, ((Failure) impostor.announce()).reason());

        aliceOnA.leave();
        bus.settle();
        bob1.nothingElse(); // still online on b
        aliceOnB.leave();
        bus.settle();
        assertEquals(new Left("alice"), bob1.session.next());
    }

    @Test
    void aServerThatStopsAnsweringHasItsUsersLeaveWithinTheExpiry() throws Exception {
        TwoServers two = aliceOnAAndBobOnB();
        Server a = two.a();
        Server b = two.b();
        Session alice1 = two.alice();

        b.alive = false; // no more heartbeats: killed
        now.addAndGet(ClusterNode.EXPIRY.toNanos() - 1);
        beat();
        alice1.nothingElse();
        now.addAndGet(2);
        beat();
        assertEquals(new Left("bob"), alice1.session.next());
        assertTrue(a.log.stream().anyMatch(l -> l.contains("server host-b (node b) stopped answering")
                && l.contains("1 left")), a.log.toString());
        assertEquals(List.of("alice"), alice1.list());
    }

    @Test
    void aServerThatStopsSaysSoAndItsUsersLeaveAtOnce() throws Exception {
        TwoServers two = aliceOnAAndBobOnB();
        Server a = two.a();
        Server b = two.b();
        Session alice1 = two.alice();
        b.alive = false;
        b.node.leave();
        bus.settle();
        assertEquals(new Left("bob"), alice1.session.next());
        assertTrue(a.log.stream().anyMatch(l -> l.contains("(node b) left the cluster")), a.log.toString());
    }

    @Test
    void aLostMessageIsRepairedFromASnapshotAtTheNextHeartbeat() throws Exception {
        Server a = new Server("a", KEY);
        Server b = new Server("b", KEY);
        Session alice1 = a.join(alice);
        beat();
        bus.lose(message -> message[1] == 0x43); // every SESSION_JOINED
        b.join(bob);
        bus.settle();
        alice1.nothingElse();
        bus.lose(null);
        beat();
        assertEquals(new Joined("bob"), alice1.session.next());
        assertEquals(List.of("alice", "bob"), alice1.list());
    }

    @Test
    void aSnapshotOfManySessionsComesInPages() throws Exception {
        Server a = new Server("a", KEY);
        Server b = new Server("b", KEY);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            TestUser user = TestUser.named(String.format("user%03d", i));
            names.add(user.name());
            for (int s = 0; s < 8; s++) {
                b.join(user); // 1,040 sessions: three pages
            }
        }
        Session alice1 = a.join(alice);
        beat();
        names.add(0, "alice");
        assertEquals(names, alice1.list());
        alice1.send(i -> new ClientMessage.FetchKeys(i, "user129"));
        assertEquals(8, alice1.session.next(UserKeys.class).sessionKeys().size());
    }

    @Test
    void whileTheBusIsDownALineReachesThisServerOnlyAndTheSenderIsTold() throws Exception {
        Server a = new Server("a", KEY);
        Server b = new Server("b", KEY);
        Session alice1 = a.join(alice);
        Session carol1 = a.join(carol);
        Session bob1 = b.join(bob);
        beat();
        assertEquals(new Joined("carol"), alice1.session.next());
        assertEquals(new Joined("bob"), alice1.session.next());
        assertEquals(new Joined("bob"), carol1.session.next());
        assertEquals(java.util.Set.of(new Joined("alice"), new Joined("carol")),
                java.util.Set.of(bob1.session.next(), bob1.session.next()), "from one snapshot, in any order");
        bus.cut("a");
        bus.settle();
        assertTrue(a.log.stream().anyMatch(l -> l.startsWith("Cluster: lost the bus memory://bus: connection reset;")),
                a.log.toString());
        int id = alice1.send(i -> new ClientMessage.Say(i, "anyone?"));
        assertEquals(new Said("alice", "anyone?"), carol1.session.next(Said.class), "local delivery goes on");
        Failure failure = alice1.session.next(Failure.class);
        assertEquals(id, failure.requestId());
        assertEquals(FailureReason.CLUSTER_UNREACHABLE, failure.reason());

        bus.restore("a");
        bus.settle();
        assertTrue(a.log.contains("Cluster: reconnected to the bus memory://bus"), a.log.toString());
        int again = alice1.send(i -> new ClientMessage.Say(i, "back"));
        assertEquals(new Ok(again), alice1.session.next(Ok.class));
        bus.settle();
        assertEquals(new Said("alice", "back"), bob1.session.next(Said.class));
        assertEquals(1, a.log.stream().filter(l -> l.startsWith("Cluster: lost the bus")).count(), "one line per outage");
    }

    @Test
    void aServerWithAnotherKeyIsIgnoredWithOneLine() throws Exception {
        Server a = new Server("a", KEY);
        Server rogue = new Server("rogue", "SHA256:otherkey");
        Session alice1 = a.join(alice);
        rogue.join(bob);
        beat();
        beat();
        alice1.nothingElse();
        assertEquals(List.of("alice"), alice1.list());
        assertEquals(1, a.log.stream().filter(l -> l.startsWith("Cluster: ignoring server host-rogue (node rogue, key "
                + "SHA256:otherkey)")).count(), a.log.toString());
        assertEquals(List.of("host-rogue (node rogue, key SHA256:otherkey)"), a.node.refusedServers());
    }

    /**
     * A misconfigured server started again and again is a new node each time: each is logged once
     * and forgotten once it falls silent (as long as a peer takes to expire) or says GONE, so what
     * is remembered does not grow with the starts.
     */
    @Test
    void serversWithAnotherKeyAreForgottenOnceSilentOrGone() throws Exception {
        Server a = new Server("a", KEY);
        for (int i = 0; i < 5; i++) {
            Server rogue = new Server("rogue" + i, "SHA256:otherkey");
            beat();
            assertEquals(List.of("host-rogue" + i + " (node rogue" + i + ", key SHA256:otherkey)"), a.node.refusedServers());
            rogue.alive = false; // killed: no GONE
            now.addAndGet(ClusterNode.EXPIRY.toNanos() + 1);
            beat();
        }
        assertEquals(List.of(), a.node.refusedServers());
        assertEquals(5, a.log.stream().filter(l -> l.startsWith("Cluster: ignoring server host-rogue")).count(), a.log.toString());

        Server live = new Server("live", "SHA256:otherkey");
        for (int i = 0; i < 10; i++) {
            now.addAndGet(ClusterNode.HEARTBEAT.toNanos());
            beat();
        }
        assertEquals(1, a.node.refusedServers().size(), "one that keeps beating is remembered");
        assertEquals(1, a.log.stream().filter(l -> l.startsWith("Cluster: ignoring server host-live")).count(),
                "and logged once");
        live.alive = false;
        live.node.leave();
        bus.settle();
        assertEquals(List.of(), a.node.refusedServers(), "one that says GONE is forgotten at once");
    }

    @Test
    void joiningAClusterWhoseServersHaveAnotherKeyIsAStartUpError() throws Exception {
        Server a = new Server("a", KEY);
        a.node.startHeartbeats();
        ChatRoom room = new ChatRoom(RoomLimits.DEFAULT, System::nanoTime);
        List<String> log = new CopyOnWriteArrayList<>();
        IOException refused = assertThrows(IOException.class, () -> ClusterNode.join(room, bus,
                URI.create("memory://bus"), "SHA256:otherkey", log::add));
        assertTrue(refused.getMessage().startsWith("the cluster at memory://bus has servers with another server key "
                + "(host-a (node a, key SHA256:clusterkey)); this server's is SHA256:otherkey"), refused.getMessage());

        ClusterNode joined = ClusterNode.join(room, bus, URI.create("memory://bus"), KEY, log::add);
        try {
            assertTrue(log.stream().anyMatch(l -> l.equals("Cluster: joined memory://bus as node " + joined.node()
                    + " (1 other server)")), log.toString());
        } finally {
            joined.leave();
        }
    }

    @Test
    void unreadableMessagesFromTheBusAreDroppedWithOneLineAMinute() throws Exception {
        Server a = new Server("a", KEY);
        a.node.onMessage(new byte[] {1, 0x7f});
        a.node.onMessage(new byte[] {9, 0x42});
        a.node.onMessage(ClusterCodec.encode(new vpn.service.chat.protocol.ClusterMessage.RelayResult(1)));
        List<String> lines = a.log.stream().filter(l -> l.startsWith("Cluster: dropped")).toList();
        assertEquals(List.of("Cluster: dropped 1 unreadable message from the bus; the last: malformed cluster message: "
                + "unknown type 127"), lines);
        assertTrue(a.node.onAsk(new byte[] {1, 0x42}).isCompletedExceptionally(), "a truncated request gets no answer");
    }
}
