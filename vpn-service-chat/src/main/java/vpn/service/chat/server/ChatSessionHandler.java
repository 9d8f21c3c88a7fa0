package vpn.service.chat.server;

import java.io.IOException;
import java.util.List;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.service.chat.crypto.SessionKeySignatures;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;
import vpn.service.chat.protocol.ClientMessage.Announce;
import vpn.service.chat.protocol.ClientMessage.Direct;
import vpn.service.chat.protocol.ClientMessage.FetchKeys;
import vpn.service.chat.protocol.ClientMessage.Keepalive;
import vpn.service.chat.protocol.ClientMessage.ListUsers;
import vpn.service.chat.protocol.ClientMessage.Say;
import vpn.service.chat.protocol.ClientMessage.Whois;
import vpn.service.chat.protocol.FailureReason;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage;
import vpn.service.chat.protocol.ServerMessage.Failure;
import vpn.service.chat.protocol.ServerMessage.Ok;
import vpn.service.chat.protocol.ServerMessage.UserInfo;
import vpn.service.chat.protocol.ServerMessage.Users;

/**
 * One session's requests: the first announces the session key and joins the room, each later
 * one is answered exactly once. A malformed message, or one out of place, is a
 * {@link ServiceException}, and the core ends this session alone.
 */
public final class ChatSessionHandler implements SessionHandler {

    private final ChatRoom room;
    private final ServiceSession session;
    private final User user;
    private final Outbox outbox;
    /** Null until the session joined; set and read on the session's thread, read by onClose. */
    private volatile Member member;

    private ChatSessionHandler(ChatRoom room, ServiceSession session, User user, Outbox outbox) {
        this.room = room;
        this.session = session;
        this.user = user;
        this.outbox = outbox;
    }

    /**
     * Serves one session in {@code room}; starts its writer.
     *
     * @throws ServiceException if the session has no user (the core never opens one for a service
     *     that needs users) or its channel cannot carry the chat's largest message
     */
    public static ChatSessionHandler open(ChatRoom room, ServiceSession session) throws ServiceException {
        User user = session.user().orElseThrow(() -> new ServiceException("the chat needs an authenticated user"));
        if (session.maxMessageBytes() < ChatProtocol.MAX_MESSAGE_BYTES) {
            throw new ServiceException("the chat needs messages of " + ChatProtocol.MAX_MESSAGE_BYTES
                    + " bytes; this session carries " + session.maxMessageBytes());
        }
        Outbox outbox = new Outbox(session, room.limits());
        outbox.start();
        return new ChatSessionHandler(room, session, user, outbox);
    }

    @Override
    public void onMessage(byte[] message) throws IOException {
        ClientMessage request = ClientCodec.decode(message);
        Member joined = member;
        if (joined == null) {
            join(request);
        } else if (request instanceof Announce) {
            throw new ServiceException("chat: the session key was announced already");
        } else if (request instanceof Keepalive keepalive) {
            answer(new Ok(keepalive.requestId()));
        } else if (!joined.rate().tryTake()) {
            answer(new Failure(request.requestId(), FailureReason.RATE_LIMITED, ""));
        } else {
            serve(joined, request);
        }
    }

    private void join(ClientMessage request) throws ServiceException {
        if (!(request instanceof Announce announce)) {
            throw new ServiceException("chat: the first message must announce the session key");
        }
        if (!SessionKeySignatures.verify(announce.sessionKey(), user.publicKey())) {
            throw new ServiceException("chat: the session key's signature is not the user's");
        }
        member = room.join(announce.requestId(), session, user, announce.sessionKey(), outbox).orElse(null);
    }

    private void serve(Member joined, ClientMessage request) {
        switch (request) {
            case Say say -> answer(room.say(joined, say.text()) ? new Ok(say.requestId())
                    : new Failure(say.requestId(), FailureReason.CLUSTER_UNREACHABLE, ""));
            case ListUsers list -> {
                List<String> names = room.names();
                for (int from = 0; from == 0 || from < names.size(); from += ChatProtocol.USERS_PER_PAGE) {
                    int to = Math.min(names.size(), from + ChatProtocol.USERS_PER_PAGE);
                    answer(new Users(list.requestId(), names.subList(from, to), to < names.size()));
                }
            }
            case Whois whois -> answer(room.identityKey(whois.name())
                    .<ServerMessage>map(key -> new UserInfo(whois.requestId(), whois.name(), key))
                    .orElseGet(() -> notOnline(whois.requestId(), whois.name())));
            case FetchKeys keys -> answer(room.keys(keys.requestId(), keys.name())
                    .<ServerMessage>map(k -> k)
                    .orElseGet(() -> notOnline(keys.requestId(), keys.name())));
            case Direct direct -> room.relay(joined, direct.requestId(), direct.recipient(), direct.copies());
            case Announce announce -> throw new IllegalStateException("handled before");
            case Keepalive keepalive -> throw new IllegalStateException("handled before");
        }
    }

    private static Failure notOnline(int requestId, String name) {
        return new Failure(requestId, FailureReason.NOT_ONLINE, name);
    }

    private void answer(ServerMessage answer) {
        outbox.offer(ServerCodec.encode(answer));
    }

    @Override
    public void onClose() {
        Member joined = member;
        if (joined != null) {
            room.leave(joined);
        }
        outbox.close();
    }
}
