package vpn.service.chat.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import vpn.api.service.Printable;
import vpn.api.service.ServiceSession;
import vpn.api.service.User;
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
 * {@link Outbox}es. A user is online while at least one of its sessions is: others see it join
 * with its first session and leave with its last.
 */
public final class ChatRoom {

    /** One user's sessions, in the order they joined, and the rate limit they share. */
    private record Presence(User user, List<Member> members, TokenBucket rate) {
    }

    private final RoomLimits limits;
    private final LongSupplier nanoTime;
    private final Map<String, Presence> online = new TreeMap<>();
    private int sessions;

    /** @param nanoTime the clock of the rate limits ({@code System::nanoTime}) */
    public ChatRoom(RoomLimits limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    RoomLimits limits() {
        return limits;
    }

    /**
     * Lets a session in, answering its ANNOUNCE ({@code requestId}) with OK, or with FAILURE and
     * the reason. The answer is queued before anything else can be, so the session sees it first.
     *
     * @return the session's membership, empty if refused
     */
    synchronized Optional<Member> join(int requestId, ServiceSession session, User user, SignedSessionKey sessionKey,
            Outbox outbox) {
        Presence presence = online.get(user.name());
        Optional<FailureReason> refusal = refusal(presence, user);
        if (refusal.isPresent()) {
            outbox.offer(ServerCodec.encode(new Failure(requestId, refusal.get(), user.name())));
            session.log("Chat: " + Printable.of(user.name()) + " refused: " + refusal.get().description());
            return Optional.empty();
        }
        boolean first = presence == null;
        if (first) {
            presence = new Presence(user, new ArrayList<>(),
                    new TokenBucket(limits.messagesPerSecond(), limits.burst(), nanoTime));
            online.put(user.name(), presence);
        }
        Member member = new Member(user, session, sessionKey, outbox, presence.rate());
        outbox.offer(ServerCodec.encode(new Ok(requestId)));
        if (first) {
            toOthers(user.name(), ServerCodec.encode(new Joined(user.name())));
        }
        presence.members().add(member);
        sessions++;
        session.log("Chat: " + Printable.of(user.name()) + " joined (" + counts() + ")");
        return Optional.of(member);
    }

    private Optional<FailureReason> refusal(Presence presence, User user) {
        if (presence == null) {
            return online.size() >= limits.maxUsers() ? Optional.of(FailureReason.ROOM_FULL) : Optional.empty();
        }
        if (!Arrays.equals(presence.user().publicKey(), user.publicKey())) {
            // Others pin one key per name; a second key would look like an impostor to them.
            return Optional.of(FailureReason.OTHER_KEY);
        }
        return presence.members().size() >= limits.maxSessionsPerUser()
                ? Optional.of(FailureReason.TOO_MANY_SESSIONS) : Optional.empty();
    }

    /** The session left the room; with the user's last session, the others see the user leave. */
    synchronized void leave(Member member) {
        Presence presence = online.get(member.name());
        if (presence == null || !presence.members().remove(member)) {
            return;
        }
        sessions--;
        if (presence.members().isEmpty()) {
            online.remove(member.name());
            toOthers(member.name(), ServerCodec.encode(new Left(member.name())));
        }
        member.session().log("Chat: " + Printable.of(member.name()) + " left (" + counts() + ")");
    }

    /** A line for every session but the sender's own (the user's other sessions see it too). */
    synchronized void say(Member from, String text) {
        byte[] said = ServerCodec.encode(new Said(from.name(), text));
        for (Presence presence : online.values()) {
            for (Member member : presence.members()) {
                if (member != from) {
                    member.outbox().offer(said);
                }
            }
        }
    }

    /** The names online, sorted. */
    synchronized List<String> names() {
        return List.copyOf(online.keySet());
    }

    synchronized Optional<User> find(String name) {
        return Optional.ofNullable(online.get(name)).map(Presence::user);
    }

    /** The answer to KEYS: the user's identity key and every session's signed key. */
    synchronized Optional<UserKeys> keys(int requestId, String name) {
        return Optional.ofNullable(online.get(name)).map(p -> new UserKeys(requestId, name, p.user().publicKey(),
                p.members().stream().map(Member::sessionKey).toList()));
    }

    /**
     * Relays each copy of a direct message to the recipient's session with that key, and answers
     * the sender ({@code requestId}) with DELIVERY once every copy is written or known lost.
     */
    synchronized void relay(Member from, int requestId, String recipient, List<SealedMessage> copies) {
        DeliveryTally tally = new DeliveryTally(copies.size(), delivered -> from.outbox().offer(
                ServerCodec.encode(new DeliveryReport(requestId, recipient, delivered, copies.size()))));
        List<Member> sessionsOfRecipient = Optional.ofNullable(online.get(recipient))
                .map(Presence::members).orElse(List.of());
        for (SealedMessage copy : copies) {
            Optional<Member> target = sessionsOfRecipient.stream()
                    .filter(m -> Arrays.equals(m.sessionKey().key(), copy.recipientKey())).findFirst();
            if (target.isPresent()) {
                byte[] relayed = ServerCodec.encode(new Relayed(from.name(), from.user().publicKey(), copy));
                target.get().outbox().offer(relayed, tally.copy());
            } else {
                tally.copy().settled(false);
            }
        }
    }

    private void toOthers(String name, byte[] message) {
        online.forEach((other, presence) -> {
            if (!other.equals(name)) {
                presence.members().forEach(m -> m.outbox().offer(message));
            }
        });
    }

    private String counts() {
        return online.size() + (online.size() == 1 ? " user, " : " users, ") + sessions
                + (sessions == 1 ? " session" : " sessions");
    }
}
