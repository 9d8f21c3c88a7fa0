package vpn.service.chat.protocol;

import static vpn.service.chat.protocol.ChatProtocol.ED25519_KEY;
import static vpn.service.chat.protocol.ChatProtocol.MAX_LINE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_MESSAGE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_NAME_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_SESSIONS_PER_USER;
import static vpn.service.chat.protocol.ChatProtocol.USERS_PER_PAGE;
import static vpn.service.chat.protocol.ChatProtocol.SIGNATURE;
import static vpn.service.chat.protocol.ChatProtocol.X25519_KEY;

import java.util.ArrayList;
import java.util.List;
import vpn.api.service.ServiceException;
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

/**
 * The server's messages on the wire: a type byte, for answers the request id (u32), then the
 * fields (docs/chat-protocol.md). The client decodes as strictly as the server does: a server
 * that sends a malformed message ends the client's chat.
 */
public final class ServerCodec {

    static final int OK = 0x81;
    static final int FAILURE = 0x82;
    static final int USERS = 0x83;
    static final int USER = 0x84;
    static final int KEYS = 0x85;
    static final int DELIVERY = 0x86;
    static final int SAID = 0x87;
    static final int RELAYED = 0x88;
    static final int JOINED = 0x89;
    static final int LEFT = 0x8a;

    private ServerCodec() {
    }

    public static byte[] encode(ServerMessage message) {
        return switch (message) {
            case Ok m -> answer(OK, m).toByteArray();
            case Failure m -> answer(FAILURE, m).u8(m.reason().code()).text(m.subject()).toByteArray();
            case Users m -> {
                WireWriter out = answer(USERS, m).u8(m.more() ? 1 : 0).u16(m.names().size());
                m.names().forEach(out::text);
                yield out.toByteArray();
            }
            case UserInfo m -> answer(USER, m).text(m.name()).fixed(m.identityKey()).toByteArray();
            case UserKeys m -> {
                WireWriter out = answer(KEYS, m).text(m.name()).fixed(m.identityKey()).u8(m.sessionKeys().size());
                m.sessionKeys().forEach(k -> out.fixed(k.key()).fixed(k.signature()));
                yield out.toByteArray();
            }
            case DeliveryReport m -> answer(DELIVERY, m).text(m.recipient()).u8(m.delivered()).u8(m.total()).toByteArray();
            case Said m -> new WireWriter().u8(SAID).text(m.from()).text(m.text()).toByteArray();
            case Relayed m -> {
                yield ClientCodec.sealed(new WireWriter().u8(RELAYED).text(m.from()).fixed(m.senderKey()), m.message())
                        .toByteArray();
            }
            case Joined m -> new WireWriter().u8(JOINED).text(m.name()).toByteArray();
            case Left m -> new WireWriter().u8(LEFT).text(m.name()).toByteArray();
        };
    }

    /**
     * Reads one server message.
     *
     * @throws ServiceException if it is longer than {@link ChatProtocol#MAX_MESSAGE_BYTES}, of an
     *     unknown type, truncated, has a field outside its limits, or has bytes left over
     */
    public static ServerMessage decode(byte[] message) throws ServiceException {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new ServiceException("malformed chat message: " + message.length + " bytes, more than "
                    + MAX_MESSAGE_BYTES);
        }
        WireReader in = new WireReader(message);
        int type = in.u8("type");
        ServerMessage decoded = switch (type) {
            case OK -> new Ok(in.u32("request id"));
            case FAILURE -> failure(in.u32("request id"), in);
            case USERS -> users(in.u32("request id"), in);
            case USER -> new UserInfo(in.u32("request id"), ClientCodec.name(in), in.fixed(ED25519_KEY, "identity key"));
            case KEYS -> keys(in.u32("request id"), in);
            case DELIVERY -> delivery(in.u32("request id"), in);
            case SAID -> new Said(ClientCodec.name(in), in.text(1, MAX_LINE_BYTES, "text"));
            case RELAYED -> new Relayed(ClientCodec.name(in), in.fixed(ED25519_KEY, "sender key"),
                    ClientCodec.sealed(in));
            case JOINED -> new Joined(ClientCodec.name(in));
            case LEFT -> new Left(ClientCodec.name(in));
            default -> throw new ServiceException("malformed chat message: unknown type " + type);
        };
        in.end(decoded.getClass().getSimpleName());
        return decoded;
    }

    private static Failure failure(int id, WireReader in) throws ServiceException {
        int code = in.u8("failure reason");
        FailureReason reason = FailureReason.of(code)
                .orElseThrow(() -> new ServiceException("malformed chat message: unknown failure reason " + code));
        return new Failure(id, reason, in.text(0, MAX_NAME_BYTES, "subject"));
    }

    private static Users users(int id, WireReader in) throws ServiceException {
        int more = in.u8("more pages");
        if (more > 1) {
            throw new ServiceException("malformed chat message: more pages flag " + more);
        }
        int count = in.u16("number of users");
        if (count > USERS_PER_PAGE) {
            throw new ServiceException("malformed chat message: " + count + " users in a page, more than "
                    + USERS_PER_PAGE);
        }
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(ClientCodec.name(in));
        }
        return new Users(id, names, more == 1);
    }

    private static UserKeys keys(int id, WireReader in) throws ServiceException {
        String name = ClientCodec.name(in);
        byte[] identityKey = in.fixed(ED25519_KEY, "identity key");
        int count = in.count(1, MAX_SESSIONS_PER_USER, "number of sessions");
        List<SignedSessionKey> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(new SignedSessionKey(in.fixed(X25519_KEY, "session key"), in.fixed(SIGNATURE, "signature")));
        }
        return new UserKeys(id, name, identityKey, keys);
    }

    private static DeliveryReport delivery(int id, WireReader in) throws ServiceException {
        String recipient = ClientCodec.name(in);
        int delivered = in.u8("delivered");
        int total = in.count(1, MAX_SESSIONS_PER_USER, "copies");
        if (delivered > total) {
            throw new ServiceException("malformed chat message: " + delivered + " of " + total + " copies delivered");
        }
        return new DeliveryReport(id, recipient, delivered, total);
    }

    private static WireWriter answer(int type, ServerMessage.Answer answer) {
        return new WireWriter().u8(type).u32(answer.requestId());
    }
}
