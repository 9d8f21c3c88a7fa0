package vpn.service.tunnel.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import vpn.api.service.ServiceException;
import vpn.service.tunnel.protocol.TunnelMessage.Allowed;
import vpn.service.tunnel.protocol.TunnelMessage.Check;
import vpn.service.tunnel.protocol.TunnelMessage.Close;
import vpn.service.tunnel.protocol.TunnelMessage.Data;
import vpn.service.tunnel.protocol.TunnelMessage.Eof;
import vpn.service.tunnel.protocol.TunnelMessage.Incoming;
import vpn.service.tunnel.protocol.TunnelMessage.Listen;
import vpn.service.tunnel.protocol.TunnelMessage.Listening;
import vpn.service.tunnel.protocol.TunnelMessage.Open;
import vpn.service.tunnel.protocol.TunnelMessage.Opened;
import vpn.service.tunnel.protocol.TunnelMessage.Ping;
import vpn.service.tunnel.protocol.TunnelMessage.Pong;
import vpn.service.tunnel.protocol.TunnelMessage.Refused;
import vpn.service.tunnel.protocol.TunnelMessage.Window;

/**
 * The tunnel's messages as bytes and back: type {@code u8}, channel {@code u32}, the fields,
 * nothing after them; big-endian. One encoder and one decoder per message; the decoder checks
 * every length before it reads and fails only with {@link ServiceException}.
 */
public final class TunnelCodec {

    public static final int OPEN = 0x01;
    public static final int CHECK = 0x02;
    public static final int PING = 0x03;
    public static final int LISTEN = 0x04;
    public static final int OPENED = 0x20;
    public static final int REFUSED = 0x21;
    public static final int ALLOWED = 0x22;
    public static final int PONG = 0x23;
    public static final int LISTENING = 0x24;
    public static final int INCOMING = 0x25;
    public static final int DATA = 0x40;
    public static final int WINDOW = 0x41;
    public static final int EOF = 0x42;
    public static final int CLOSE = 0x43;

    private TunnelCodec() {
    }

    public static byte[] encode(TunnelMessage message) {
        return switch (message) {
            case Open m -> withHost(OPEN, m.channel(), m.host(), m.port(), m.window());
            case Check m -> withHost(CHECK, m.channel(), m.host(), m.port(), -1);
            case Ping m -> header(PING, m.channel(), 0).array();
            case Opened m -> header(OPENED, m.channel(), 4).putInt(m.window()).array();
            case Refused m -> {
                byte[] text = m.text().getBytes(StandardCharsets.UTF_8);
                yield header(REFUSED, m.channel(), 3 + text.length).put((byte) m.reason().code())
                        .putShort((short) text.length).put(text).array();
            }
            case Allowed m -> header(ALLOWED, m.channel(), 0).array();
            case Pong m -> header(PONG, m.channel(), 0).array();
            case Listen m -> header(LISTEN, m.channel(), 2).putShort((short) m.port()).array();
            case Listening m -> header(LISTENING, m.channel(), 2).putShort((short) m.port()).array();
            case Incoming m -> header(INCOMING, m.channel(), 8).putInt(m.window()).putInt(m.listener()).array();
            case Data m -> {
                byte[] data = new byte[TunnelProtocol.HEADER_BYTES + m.bytes().length];
                System.arraycopy(m.bytes(), 0, data, TunnelProtocol.HEADER_BYTES, m.bytes().length);
                writeDataHeader(m.channel(), data, m.bytes().length);
                yield data;
            }
            case Window m -> header(WINDOW, m.channel(), 4).putInt(m.bytes()).array();
            case Eof m -> header(EOF, m.channel(), 0).array();
            case Close m -> header(CLOSE, m.channel(), 1).put((byte) (m.reset() ? 1 : 0)).array();
        };
    }

    /**
     * Makes a DATA message where its bytes lie: {@code length} bytes read into {@code buffer} from
     * {@link TunnelProtocol#HEADER_BYTES} on get the header before them, so that a relay sends its
     * read buffer without copying it.
     *
     * @return the message's length, from the start of {@code buffer}
     */
    public static int writeDataHeader(int channel, byte[] buffer, int length) {
        if (length < 1 || length > TunnelProtocol.MAX_DATA_BYTES) {
            throw new IllegalArgumentException("DATA carries 1 to " + TunnelProtocol.MAX_DATA_BYTES + " bytes");
        }
        buffer[0] = DATA;
        ByteBuffer.wrap(buffer).putInt(1, channel);
        return TunnelProtocol.HEADER_BYTES + length;
    }

    /**
     * The channel of a DATA message, read where it lies, so that the receiving relay can queue the
     * message itself and write its bytes from {@link TunnelProtocol#HEADER_BYTES} on: a 64 KiB copy
     * spared per message. The same checks as {@link #decode}'s.
     *
     * @return the channel, or empty if {@code message} is not a DATA message (decode it then)
     * @throws ServiceException if it is a DATA message that {@link #decode} refuses
     */
    public static java.util.OptionalInt dataChannel(byte[] message) throws ServiceException {
        if (message.length == 0 || message[0] != DATA) {
            return java.util.OptionalInt.empty();
        }
        if (message.length > TunnelProtocol.MAX_MESSAGE_BYTES) {
            throw malformed("a message of " + message.length + " bytes");
        }
        if (message.length < TunnelProtocol.HEADER_BYTES) {
            throw malformed("a message of " + message.length + " bytes, shorter than its header");
        }
        if (message.length == TunnelProtocol.HEADER_BYTES) {
            throw malformed("a DATA message without data");
        }
        return java.util.OptionalInt.of(ByteBuffer.wrap(message).getInt(1));
    }

    private static byte[] withHost(int type, int channel, String host, int port, int window) {
        byte[] name = host.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = header(type, channel, (window >= 0 ? 4 : 0) + 3 + name.length);
        if (window >= 0) {
            out.putInt(window);
        }
        return out.putShort((short) port).put((byte) name.length).put(name).array();
    }

    private static ByteBuffer header(int type, int channel, int fields) {
        return ByteBuffer.allocate(TunnelProtocol.HEADER_BYTES + fields).put((byte) type).putInt(channel);
    }

    /**
     * @throws ServiceException if {@code message} is not exactly one well-formed message: an
     *     unknown type, a field cut short or out of range, bytes left over, a message over the limit
     */
    public static TunnelMessage decode(byte[] message) throws ServiceException {
        if (message.length > TunnelProtocol.MAX_MESSAGE_BYTES) {
            throw malformed("a message of " + message.length + " bytes");
        }
        if (message.length < TunnelProtocol.HEADER_BYTES) {
            throw malformed("a message of " + message.length + " bytes, shorter than its header");
        }
        ByteBuffer in = ByteBuffer.wrap(message);
        int type = in.get() & 0xFF;
        int channel = in.getInt();
        TunnelMessage decoded = switch (type) {
            case OPEN -> {
                int window = window(in);
                int port = port(in);
                yield new Open(channel, window, host(in), port);
            }
            case CHECK -> {
                int port = port(in);
                yield new Check(channel, host(in), port);
            }
            case PING -> new Ping(channel);
            case OPENED -> new Opened(channel, window(in));
            case REFUSED -> {
                need(in, 3);
                int code = in.get() & 0xFF;
                Reason reason = Reason.of(code).orElseThrow(() -> malformed("an unknown reason " + code));
                yield new Refused(channel, reason, text(in));
            }
            case ALLOWED -> new Allowed(channel);
            case PONG -> new Pong(channel);
            case LISTEN -> new Listen(channel, port(in));
            case LISTENING -> new Listening(channel, port(in));
            case INCOMING -> {
                int window = window(in);
                need(in, 4);
                yield new Incoming(channel, window, in.getInt());
            }
            case DATA -> {
                if (!in.hasRemaining()) {
                    throw malformed("a DATA message without data");
                }
                byte[] bytes = Arrays.copyOfRange(message, TunnelProtocol.HEADER_BYTES, message.length);
                in.position(message.length);
                yield new Data(channel, bytes);
            }
            case WINDOW -> new Window(channel, window(in));
            case EOF -> new Eof(channel);
            case CLOSE -> {
                need(in, 1);
                int how = in.get();
                if (how != 0 && how != 1) {
                    throw malformed("a CLOSE of kind " + how);
                }
                yield new Close(channel, how == 1);
            }
            default -> throw malformed("an unknown message type " + type);
        };
        if (in.hasRemaining()) {
            throw malformed(in.remaining() + " bytes after a message of type " + type);
        }
        return decoded;
    }

    private static int window(ByteBuffer in) throws ServiceException {
        need(in, 4);
        int window = in.getInt();
        if (window < 1) {
            throw malformed("a window of " + Integer.toUnsignedString(window) + " bytes");
        }
        return window;
    }

    private static int port(ByteBuffer in) throws ServiceException {
        need(in, 2);
        int port = in.getShort() & 0xFFFF;
        if (port == 0) {
            throw malformed("port 0");
        }
        return port;
    }

    private static String host(ByteBuffer in) throws ServiceException {
        need(in, 1);
        int length = in.get() & 0xFF;
        need(in, length);
        byte[] bytes = new byte[length];
        in.get(bytes);
        String host = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!TunnelMessage.Checks.validHost(host)) {
            throw malformed("a host that is not 1 to 255 printable ASCII characters");
        }
        return host;
    }

    private static String text(ByteBuffer in) throws ServiceException {
        int length = in.getShort() & 0xFFFF;
        if (length > TunnelProtocol.MAX_TEXT_BYTES) {
            throw malformed("a text of " + length + " bytes");
        }
        need(in, length);
        ByteBuffer bytes = in.slice(in.position(), length);
        in.position(in.position() + length);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw malformed("a text that is not UTF-8");
        }
    }

    private static void need(ByteBuffer in, int bytes) throws ServiceException {
        if (in.remaining() < bytes) {
            throw malformed("a message cut short");
        }
    }

    private static ServiceException malformed(String what) {
        return new ServiceException("tunnel: malformed message: " + what);
    }
}
