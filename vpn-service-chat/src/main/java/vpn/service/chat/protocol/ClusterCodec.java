package vpn.service.chat.protocol;

import static vpn.service.chat.protocol.ChatProtocol.ED25519_KEY;
import static vpn.service.chat.protocol.ChatProtocol.MAX_LINE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_NAME_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_SESSIONS_PER_USER;
import static vpn.service.chat.protocol.ChatProtocol.SIGNATURE;
import static vpn.service.chat.protocol.ChatProtocol.X25519_KEY;

import java.util.ArrayList;
import java.util.List;
import vpn.api.service.ServiceException;
import vpn.service.chat.protocol.ClusterMessage.Gone;
import vpn.service.chat.protocol.ClusterMessage.Heartbeat;
import vpn.service.chat.protocol.ClusterMessage.Hello;
import vpn.service.chat.protocol.ClusterMessage.Relay;
import vpn.service.chat.protocol.ClusterMessage.RelayResult;
import vpn.service.chat.protocol.ClusterMessage.Said;
import vpn.service.chat.protocol.ClusterMessage.SessionJoined;
import vpn.service.chat.protocol.ClusterMessage.SessionLeft;
import vpn.service.chat.protocol.ClusterMessage.SnapshotPage;
import vpn.service.chat.protocol.ClusterMessage.SnapshotRequest;

/**
 * The cluster's messages on the bus: a format version byte, a type byte, the fields
 * (docs/chat-protocol.md, "Between servers"). The decoder is as strict as the clients' one: a
 * server that receives something it cannot read drops it and says so in its log.
 */
public final class ClusterCodec {

    /** The format's version, the first byte of every message; a server ignores other versions. */
    public static final int FORMAT = 1;
    /** Sessions in one {@link SnapshotPage}: with the limits of names and keys, a page stays under 100 KiB. */
    public static final int SESSIONS_PER_PAGE = 500;
    /** The longest message: a page of sessions, or a relay of 8 copies. */
    public static final int MAX_MESSAGE_BYTES = 128 * 1024;
    /** A node's member name on the bus. */
    public static final int MAX_NODE_BYTES = 32;
    /** A server's label in log lines (its host name). */
    public static final int MAX_LABEL_BYTES = 255;
    /** A server key's fingerprint ({@code SHA256:} and 43 characters today). */
    public static final int MAX_FINGERPRINT_BYTES = 128;

    static final int HELLO = 0x41;
    static final int HEARTBEAT = 0x42;
    static final int SESSION_JOINED = 0x43;
    static final int SESSION_LEFT = 0x44;
    static final int SAID = 0x45;
    static final int GONE = 0x46;
    static final int SNAPSHOT = 0x51;
    static final int SNAPSHOT_PAGE = 0x52;
    static final int RELAY = 0x53;
    static final int RELAY_RESULT = 0x54;

    private ClusterCodec() {
    }

    public static byte[] encode(ClusterMessage message) {
        return switch (message) {
            case Hello m -> start(HELLO).text(m.node()).text(m.label()).text(m.fingerprint()).toByteArray();
            case Heartbeat m -> start(HEARTBEAT).text(m.node()).text(m.label()).text(m.fingerprint())
                    .u32(m.sessions()).u64(m.digest()).toByteArray();
            case SessionJoined m -> session(start(SESSION_JOINED).text(m.node()), m.session()).toByteArray();
            case SessionLeft m -> start(SESSION_LEFT).text(m.node()).fixed(m.sessionKey()).toByteArray();
            case Said m -> start(SAID).text(m.node()).text(m.from()).text(m.text()).toByteArray();
            case Gone m -> start(GONE).text(m.node()).toByteArray();
            case SnapshotRequest m -> m.after() == null ? start(SNAPSHOT).u8(0).toByteArray()
                    : start(SNAPSHOT).u8(1).fixed(m.after()).toByteArray();
            case SnapshotPage m -> {
                WireWriter out = start(SNAPSHOT_PAGE).u8(m.more() ? 1 : 0).u16(m.sessions().size());
                m.sessions().forEach(s -> session(out, s));
                yield out.toByteArray();
            }
            case Relay m -> {
                WireWriter out = start(RELAY).text(m.from()).fixed(m.senderKey()).u8(m.copies().size());
                m.copies().forEach(copy -> ClientCodec.sealed(out, copy));
                yield out.toByteArray();
            }
            case RelayResult m -> start(RELAY_RESULT).u8(m.delivered()).toByteArray();
        };
    }

    /**
     * Reads one message.
     *
     * @throws ServiceException if it is too long, of another format version or an unknown type,
     *     truncated, has a field outside its limits, or bytes left over
     */
    public static ClusterMessage decode(byte[] message) throws ServiceException {
        if (message.length > MAX_MESSAGE_BYTES) {
            throw new ServiceException("malformed cluster message: " + message.length + " bytes, more than "
                    + MAX_MESSAGE_BYTES);
        }
        WireReader in = new WireReader(message);
        int format = in.u8("format");
        if (format != FORMAT) {
            throw new ServiceException("cluster message of format " + format + ", this server reads " + FORMAT);
        }
        int type = in.u8("type");
        ClusterMessage decoded = switch (type) {
            case HELLO -> new Hello(node(in), label(in), fingerprint(in));
            case HEARTBEAT -> new Heartbeat(node(in), label(in), fingerprint(in), in.u32("sessions"), in.u64("digest"));
            case SESSION_JOINED -> new SessionJoined(node(in), session(in));
            case SESSION_LEFT -> new SessionLeft(node(in), in.fixed(X25519_KEY, "session key"));
            case SAID -> new Said(node(in), ClientCodec.name(in), in.text(1, MAX_LINE_BYTES, "text"));
            case GONE -> new Gone(node(in));
            case SNAPSHOT -> new SnapshotRequest(in.count(0, 1, "has a start") == 1
                    ? in.fixed(X25519_KEY, "session key") : null);
            case SNAPSHOT_PAGE -> snapshotPage(in);
            case RELAY -> relay(in);
            case RELAY_RESULT -> new RelayResult(in.count(0, MAX_SESSIONS_PER_USER, "delivered"));
            default -> throw new ServiceException("malformed cluster message: unknown type " + type);
        };
        in.end(decoded.getClass().getSimpleName());
        return decoded;
    }

    private static SnapshotPage snapshotPage(WireReader in) throws ServiceException {
        boolean more = in.count(0, 1, "more") == 1;
        int count = in.u16("number of sessions");
        if (count > SESSIONS_PER_PAGE) {
            throw new ServiceException("malformed cluster message: " + count + " sessions in a page, more than "
                    + SESSIONS_PER_PAGE);
        }
        List<ClusterSession> sessions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            sessions.add(session(in));
        }
        return new SnapshotPage(sessions, more);
    }

    private static Relay relay(WireReader in) throws ServiceException {
        String from = ClientCodec.name(in);
        byte[] senderKey = in.fixed(ED25519_KEY, "sender key");
        int count = in.count(1, MAX_SESSIONS_PER_USER, "number of copies");
        List<SealedMessage> copies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            copies.add(ClientCodec.sealed(in));
        }
        return new Relay(from, senderKey, copies);
    }

    private static WireWriter session(WireWriter out, ClusterSession session) {
        return out.text(session.name()).fixed(session.identityKey()).fixed(session.sessionKey().key())
                .fixed(session.sessionKey().signature());
    }

    private static ClusterSession session(WireReader in) throws ServiceException {
        return new ClusterSession(in.text(1, MAX_NAME_BYTES, "name"), in.fixed(ED25519_KEY, "identity key"),
                new SignedSessionKey(in.fixed(X25519_KEY, "session key"), in.fixed(SIGNATURE, "signature")));
    }

    private static String node(WireReader in) throws ServiceException {
        return in.text(1, MAX_NODE_BYTES, "node");
    }

    private static String label(WireReader in) throws ServiceException {
        return in.text(0, MAX_LABEL_BYTES, "label");
    }

    private static String fingerprint(WireReader in) throws ServiceException {
        return in.text(0, MAX_FINGERPRINT_BYTES, "fingerprint");
    }

    private static WireWriter start(int type) {
        return new WireWriter().u8(FORMAT).u8(type);
    }
}
