package vpn.service.chat.protocol;

import static vpn.service.chat.protocol.ChatProtocol.MAX_CIPHERTEXT;
import static vpn.service.chat.protocol.ChatProtocol.MAX_LINE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_MESSAGE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_NAME_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_SESSIONS_PER_USER;
import static vpn.service.chat.protocol.ChatProtocol.NONCE;
import static vpn.service.chat.protocol.ChatProtocol.SIGNATURE;
import static vpn.service.chat.protocol.ChatProtocol.TAG;
import static vpn.service.chat.protocol.ChatProtocol.X25519_KEY;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import vpn.api.service.ServiceException;
import vpn.service.chat.protocol.ClientMessage.Announce;
import vpn.service.chat.protocol.ClientMessage.Direct;
import vpn.service.chat.protocol.ClientMessage.FetchKeys;
import vpn.service.chat.protocol.ClientMessage.Keepalive;
import vpn.service.chat.protocol.ClientMessage.ListUsers;
import vpn.service.chat.protocol.ClientMessage.Say;
import vpn.service.chat.protocol.ClientMessage.Whois;

/**
 * The client's messages on the wire: a type byte, the request id (u32), then the fields
 * (docs/chat-protocol.md). One encoder and one strict decoder; the server runs the decoder on
 * everything a client sends, so its limits are the server's protection.
 */
public final class ClientCodec {

    static final int ANNOUNCE = 0x01;
    static final int SAY = 0x02;
    static final int LIST = 0x03;
    static final int WHOIS = 0x04;
    static final int KEYS = 0x05;
    static final int DIRECT = 0x06;
    static final int KEEPALIVE = 0x07;

    private ClientCodec() {
    }

    public static byte[] encode(ClientMessage message) {
        return switch (message) {
            case Announce m -> start(ANNOUNCE, m).fixed(m.sessionKey().key()).fixed(m.sessionKey().signature())
                    .toByteArray();
            case Say m -> start(SAY, m).text(m.text()).toByteArray();
            case ListUsers m -> start(LIST, m).toByteArray();
            case Whois m -> start(WHOIS, m).text(m.name()).toByteArray();
            case FetchKeys m -> start(KEYS, m).text(m.name()).toByteArray();
            case Direct m -> {
                WireWriter out = start(DIRECT, m).text(m.recipient()).u8(m.copies().size());
                m.copies().forEach(copy -> sealed(out, copy));
                yield out.toByteArray();
            }
            case Keepalive m -> start(KEEPALIVE, m).toByteArray();
        };
    }

    /**
     * Reads one client message.
     *
     * @throws ServiceException if it is longer than {@link ChatProtocol#MAX_MESSAGE_BYTES}, of an
     *     unknown type, truncated, has a field outside its limits, or has bytes left over
     */
    public static ClientMessage decode(byte[] message) throws ServiceException {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new ServiceException("malformed chat message: " + message.length + " bytes, more than "
                    + MAX_MESSAGE_BYTES);
        }
        WireReader in = new WireReader(message);
        int type = in.u8("type");
        int id = in.u32("request id");
        ClientMessage decoded = switch (type) {
            case ANNOUNCE -> new Announce(id, new SignedSessionKey(in.fixed(X25519_KEY, "session key"),
                    in.fixed(SIGNATURE, "signature")));
            case SAY -> new Say(id, in.text(1, MAX_LINE_BYTES, "text"));
            case LIST -> new ListUsers(id);
            case WHOIS -> new Whois(id, name(in));
            case KEYS -> new FetchKeys(id, name(in));
            case DIRECT -> direct(id, in);
            case KEEPALIVE -> new Keepalive(id);
            default -> throw new ServiceException("malformed chat message: unknown type " + type);
        };
        in.end(decoded.getClass().getSimpleName());
        return decoded;
    }

    private static Direct direct(int id, WireReader in) throws ServiceException {
        String recipient = name(in);
        int count = in.count(1, MAX_SESSIONS_PER_USER, "number of copies");
        List<SealedMessage> copies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SealedMessage copy = sealed(in);
            if (copies.stream().anyMatch(c -> Arrays.equals(c.recipientKey(), copy.recipientKey()))) {
                throw new ServiceException("malformed chat message: two copies for one session");
            }
            copies.add(copy);
        }
        return new Direct(id, recipient, copies);
    }

    static String name(WireReader in) throws ServiceException {
        return in.text(1, MAX_NAME_BYTES, "name");
    }

    /** A sealed copy of a direct message, as every message that carries one writes it. */
    static WireWriter sealed(WireWriter out, SealedMessage copy) {
        return out.fixed(copy.recipientKey()).fixed(copy.ephemeralKey()).fixed(copy.nonce()).bytes(copy.ciphertext())
                .fixed(copy.signature());
    }

    static SealedMessage sealed(WireReader in) throws ServiceException {
        return new SealedMessage(in.fixed(X25519_KEY, "recipient key"), in.fixed(X25519_KEY, "ephemeral key"),
                in.fixed(NONCE, "nonce"), in.bytes(TAG + 1, MAX_CIPHERTEXT, "ciphertext"), in.fixed(SIGNATURE, "signature"));
    }

    private static WireWriter start(int type, ClientMessage message) {
        return new WireWriter().u8(type).u32(message.requestId());
    }
}
