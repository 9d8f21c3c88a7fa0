package vpn.service.chat.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;
import vpn.service.chat.ChatService;
import vpn.service.chat.crypto.DirectMessageCrypto;
import vpn.service.chat.crypto.SessionKeyPair;
import vpn.service.chat.crypto.SessionKeySignatures;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;
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
import vpn.service.chat.protocol.ServerMessage.UserInfo;
import vpn.service.chat.protocol.ServerMessage.UserKeys;
import vpn.service.chat.protocol.ServerMessage.Users;
import vpn.service.chat.testing.FakeSession;
import vpn.service.chat.testing.TestUser;

/**
 * The room through its service, with fake sessions and no network: routing, presence, the answers,
 * the rate limit, and a stalled session that is dropped while the others go on. "Nothing else
 * arrived" is checked by asking for something and seeing its answer come next, never by waiting.
 */
class ChatRoomTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final AtomicLong now = new AtomicLong();
    private final TestUser alice = TestUser.named("alice");
    private final TestUser bob = TestUser.named("bob");
    private final TestUser carol = TestUser.named("carol");
    private ChatService service = service(RoomLimits.DEFAULT);
    private int sessionCount;

    private ChatService service(RoomLimits limits) {
        return new ChatService(new ChatRoom(limits, now::get));
    }

    private static RoomLimits limits(int maxUsers, int maxSessions, int perSecond, int burst, int maxQueued) {
        return new RoomLimits(maxUsers, maxSessions, perSecond, burst, maxQueued, 1 << 20);
    }

    /** One session of a user, as its client would drive it. */
    private final class Member {
        final TestUser user;
        final FakeSession session;
        final SessionHandler handler;
        final SessionKeyPair sessionKey = SessionKeyPair.generate(RANDOM);
        int nextId = 1;

        Member(TestUser user) throws Exception {
            this.user = user;
            this.session = new FakeSession(user.user(), user.name() + "#" + ++sessionCount);
            this.handler = service.open(session);
        }

        /** Sends a request with the next id, and returns the id. */
        int send(IntFunction<ClientMessage> request) throws Exception {
            int id = nextId++;
            handler.onMessage(ClientCodec.encode(request.apply(id)));
            return id;
        }

        ServerMessage announce() throws Exception {
            handler.onMessage(ClientCodec.encode(new ClientMessage.Announce(0,
                    SessionKeySignatures.sign(user, sessionKey.publicKey()))));
            return session.next();
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

    private Member join(TestUser user) throws Exception {
        Member member = new Member(user);
        assertEquals(new Ok(0), member.announce());
        return member;
    }

    @Test
    void aLineGoesToEverySessionButTheSendersOwn() throws Exception {
        Member a = join(alice);
        Member b1 = join(bob);
        assertEquals(new Joined("bob"), a.session.next());
        Member b2 = join(bob);
        a.nothingElse(); // bob's second session is no news

        int id = a.send(i -> new ClientMessage.Say(i, "hello"));
        assertEquals(new Ok(id), a.session.next());
        assertEquals(new Said("alice", "hello"), b1.session.next());
        assertEquals(new Said("alice", "hello"), b2.session.next());
        a.nothingElse();

        int hi = b1.send(i -> new ClientMessage.Say(i, "hi"));
        assertEquals(new Said("bob", "hi"), a.session.next());
        assertEquals(new Said("bob", "hi"), b2.session.next(), "the user's other session sees it too");
        assertEquals(new Ok(hi), b1.session.next());
        b1.nothingElse();
    }

    @Test
    void theListNamesEachUserOnceSortedWhateverTheSessions() throws Exception {
        join(carol);
        Member a1 = join(alice);
        join(alice);
        join(bob);
        int id = a1.send(ClientMessage.ListUsers::new);
        a1.session.next(Joined.class);
        assertEquals(new Users(id, List.of("alice", "bob", "carol"), false), a1.session.next());
    }

    @Test
    void aLongListComesInPagesInOrderTheLastMarkedLast() throws Exception {
        List<Member> members = new java.util.ArrayList<>();
        for (int i = 0; i < ChatProtocol.USERS_PER_PAGE + 3; i++) {
            members.add(join(TestUser.named(String.format("u%04d", i))));
        }
        Member asker = members.get(0);
        int id = asker.send(ClientMessage.ListUsers::new);
        ServerMessage message = asker.session.next();
        while (message instanceof Joined) { // the others' joins, announced before the answer
            message = asker.session.next();
        }
        Users first = (Users) message;
        assertEquals(ChatProtocol.USERS_PER_PAGE, first.names().size());
        assertTrue(first.more());
        Users second = (Users) asker.session.next();
        assertEquals(List.of("u0500", "u0501", "u0502"), second.names());
        assertEquals(id, second.requestId());
        assertFalse(second.more());
    }

    @Test
    void othersSeeAUserJoinWithItsFirstSessionAndLeaveWithItsLast() throws Exception {
        Member a = join(alice);
        Member b1 = join(bob);
        Member b2 = join(bob);
        assertEquals(new Joined("bob"), a.session.next());
        b1.leave();
        a.nothingElse();
        b2.leave();
        assertEquals(new Left("bob"), a.session.next());
        assertEquals(List.of("Chat: bob joined (2 users, 2 sessions)", "Chat: bob left (2 users, 2 sessions)"),
                b1.session.logged());
        assertEquals(List.of("Chat: bob joined (2 users, 3 sessions)", "Chat: bob left (1 user, 1 session)"),
                b2.session.logged());
        assertEquals(List.of("Chat: alice joined (1 user, 1 session)"), a.session.logged());
    }

    @Test
    void aDirectMessageGoesToTheSessionEachCopyIsSealedForAndTheSenderHearsHowItWent() throws Exception {
        Member a = join(alice);
        Member b1 = join(bob);
        Member b2 = join(bob);
        a.session.next(Joined.class);

        int keysId = a.send(i -> new ClientMessage.FetchKeys(i, "bob"));
        UserKeys keys = a.session.next(UserKeys.class);
        assertEquals(keysId, keys.requestId());
        assertArrayEquals(bob.publicKey(), keys.identityKey());
        assertEquals(2, keys.sessionKeys().size());
        assertArrayEquals(b1.sessionKey.publicKey(), keys.sessionKeys().get(0).key());
        assertTrue(SessionKeySignatures.verify(keys.sessionKeys().get(1), bob.publicKey()));

        DirectMessageCrypto crypto = new DirectMessageCrypto(RANDOM);
        byte[] text = "psst".getBytes(StandardCharsets.UTF_8);
        List<SealedMessage> copies = List.of(
                crypto.seal(alice, "alice", "bob", b1.sessionKey.publicKey(), text),
                crypto.seal(alice, "alice", "bob", b2.sessionKey.publicKey(), text));
        int id = a.send(i -> new ClientMessage.Direct(i, "bob", copies));

        for (Member b : List.of(b1, b2)) {
            Relayed relayed = b.session.next(Relayed.class);
            assertEquals("alice", relayed.from());
            assertArrayEquals(alice.publicKey(), relayed.senderKey());
            assertArrayEquals(text, crypto.open(b.sessionKey, "bob", "alice", relayed.senderKey(), relayed.message()));
        }
        assertEquals(new DeliveryReport(id, "bob", 2, 2), a.session.next());
    }

    @Test
    void aUserWhoIsNotOnlineIsSaidSo() throws Exception {
        Member a = join(alice);
        int whois = a.send(i -> new ClientMessage.Whois(i, "carol"));
        assertEquals(new Failure(whois, FailureReason.NOT_ONLINE, "carol"), a.session.next());
        int keys = a.send(i -> new ClientMessage.FetchKeys(i, "carol"));
        assertEquals(new Failure(keys, FailureReason.NOT_ONLINE, "carol"), a.session.next());
        int self = a.send(i -> new ClientMessage.Whois(i, "alice"));
        UserInfo info = a.session.next(UserInfo.class);
        assertEquals(self, info.requestId());
        assertArrayEquals(alice.publicKey(), info.identityKey());
    }

    @Test
    void aCopyForASessionThatLeftMeanwhileIsReportedNotDelivered() throws Exception {
        Member a = join(alice);
        Member b = join(bob);
        a.session.next(Joined.class);
        a.send(i -> new ClientMessage.FetchKeys(i, "bob"));
        a.session.next(UserKeys.class);
        b.leave();
        assertEquals(new Left("bob"), a.session.next());
        SealedMessage copy = new DirectMessageCrypto(RANDOM).seal(alice, "alice", "bob", b.sessionKey.publicKey(),
                new byte[] {'x'});
        int id = a.send(i -> new ClientMessage.Direct(i, "bob", List.of(copy)));
        assertEquals(new DeliveryReport(id, "bob", 0, 1), a.session.next());
    }

    @Test
    void eachUserHasOneRateLimitForAllItsSessions() throws Exception {
        service = service(limits(10, 8, 1, 3, 1000));
        Member a1 = join(alice);
        Member a2 = join(alice);
        Member b = join(bob);
        a1.session.next(Joined.class);
        a2.session.next(Joined.class);
        for (Member a : List.of(a1, a2, a1)) {
            int id = a.send(ClientMessage.ListUsers::new);
            assertEquals(id, a.session.next(Users.class).requestId());
        }
        int refused = a2.send(i -> new ClientMessage.Say(i, "one too many"));
        assertEquals(new Failure(refused, FailureReason.RATE_LIMITED, ""), a2.session.next());
        int keepalive = a2.send(ClientMessage.Keepalive::new);
        assertEquals(new Ok(keepalive), a2.session.next(), "a keepalive is never refused");
        int bobs = b.send(ClientMessage.ListUsers::new);
        assertEquals(bobs, b.session.next(Users.class).requestId(), "bob has a bucket of his own");

        now.addAndGet(1_000_000_000L);
        int again = a2.send(ClientMessage.ListUsers::new);
        assertEquals(again, a2.session.next(Users.class).requestId(), "a second later, one more");
        int tooSoon = a1.send(ClientMessage.ListUsers::new);
        assertEquals(new Failure(tooSoon, FailureReason.RATE_LIMITED, ""), a1.session.next());
    }

    @Test
    void aStalledSessionIsDroppedWhenItsQueueOverflowsAndTheOthersKeepReceiving() throws Exception {
        service = service(limits(10, 8, 1000, 1000, 5));
        Member a = join(alice);
        Member b = join(bob);
        Member c = join(carol);
        a.session.next(Joined.class);
        a.session.next(Joined.class);
        b.session.next(Joined.class);
        b.session.stall();

        // Each line reaches carol before the next is sent: only bob, who reads nothing, falls behind.
        for (int n = 0; n < 20; n++) {
            int line = n;
            int id = a.send(i -> new ClientMessage.Say(i, "line " + line));
            assertEquals(new Said("alice", "line " + n), c.session.next());
            assertEquals(new Ok(id), a.session.next());
        }
        String reason = b.session.awaitDisconnect();
        assertTrue(reason.startsWith("too slow: 5 messages queued ("), reason);
        b.leave(); // the core ends the dropped session
        assertEquals(new Left("bob"), a.session.next());
        assertEquals(new Left("bob"), c.session.next());
    }

    @Test
    void aStalledSessionIsDroppedByBytesQueuedToo() throws Exception {
        service = service(new RoomLimits(10, 8, 1000, 1000, 1000, 200));
        Member a = join(alice);
        Member b = join(bob);
        a.session.next(Joined.class);
        b.session.stall();
        String line = "x".repeat(90); // a SAID of 100 bytes: at most 2 fit in bob's queue
        for (int n = 0; n < 4; n++) {
            int id = a.send(i -> new ClientMessage.Say(i, line));
            assertEquals(new Ok(id), a.session.next());
        }
        String reason = b.session.awaitDisconnect();
        java.util.regex.Matcher queued = java.util.regex.Pattern
                .compile("too slow: (\\d+) messages queued \\((\\d+) bytes\\)").matcher(reason);
        assertTrue(queued.matches(), reason);
        assertEquals(100 * Integer.parseInt(queued.group(1)), Integer.parseInt(queued.group(2)));
        assertTrue(Integer.parseInt(queued.group(2)) + 100 > 200, "the byte limit, not the count, dropped it: " + reason);
    }

    @Test
    void aMalformedMessageEndsOnlyItsOwnSession() throws Exception {
        Member a = join(alice);
        Member b = join(bob);
        a.session.next(Joined.class);
        ServiceException e = assertThrows(ServiceException.class, () -> b.handler.onMessage(new byte[] {0x02, 0}));
        assertEquals("malformed chat message: truncated in request id", e.getMessage());
        b.leave();
        assertEquals(new Left("bob"), a.session.next());
        int id = a.send(i -> new ClientMessage.Say(i, "still here"));
        assertEquals(new Ok(id), a.session.next());
    }

    @Test
    void theSessionKeyComesFirstOnceAndSignedByTheUser() throws Exception {
        Member early = new Member(alice);
        ServiceException first = assertThrows(ServiceException.class,
                () -> early.send(i -> new ClientMessage.Say(i, "hi")));
        assertEquals("chat: the first message must announce the session key", first.getMessage());

        Member forged = new Member(alice);
        SessionKeyPair key = SessionKeyPair.generate(RANDOM);
        ServiceException unsigned = assertThrows(ServiceException.class, () -> forged.handler.onMessage(
                ClientCodec.encode(new ClientMessage.Announce(0, SessionKeySignatures.sign(bob, key.publicKey())))));
        assertEquals("chat: the session key's signature is not the user's", unsigned.getMessage());

        Member twice = join(alice);
        ServiceException again = assertThrows(ServiceException.class, () -> twice.announce());
        assertEquals("chat: the session key was announced already", again.getMessage());
    }

    @Test
    void theRoomRefusesPastItsLimitsAndAnotherKeyUnderAKnownName() throws Exception {
        service = service(limits(1, 1, 20, 40, 1000));
        join(alice);
        Member second = new Member(alice);
        assertEquals(new Failure(0, FailureReason.TOO_MANY_SESSIONS, "alice"), second.announce());
        Member other = new Member(bob);
        assertEquals(new Failure(0, FailureReason.ROOM_FULL, "bob"), other.announce());
        service = service(RoomLimits.DEFAULT);
        join(alice);
        Member impostor = new Member(alice.withAnotherKey());
        assertEquals(new Failure(0, FailureReason.OTHER_KEY, "alice"), impostor.announce());
        assertEquals(List.of("Chat: alice refused: the name is in the room with another key"),
                impostor.session.logged());
    }
}
