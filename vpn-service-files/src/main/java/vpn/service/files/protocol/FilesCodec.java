package vpn.service.files.protocol;

import static vpn.service.files.protocol.FilesProtocol.DIGEST_BYTES;
import static vpn.service.files.protocol.FilesProtocol.HEADER_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_MESSAGE_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_NAME_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_PATH_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_REASON_BYTES;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import vpn.api.service.Printable;
import vpn.api.service.ServiceException;
import vpn.service.files.protocol.FilesMessage.Ack;
import vpn.service.files.protocol.FilesMessage.Cancel;
import vpn.service.files.protocol.FilesMessage.Data;
import vpn.service.files.protocol.FilesMessage.End;
import vpn.service.files.protocol.FilesMessage.Entries;
import vpn.service.files.protocol.FilesMessage.Failed;
import vpn.service.files.protocol.FilesMessage.FileInfo;
import vpn.service.files.protocol.FilesMessage.Get;
import vpn.service.files.protocol.FilesMessage.ListFiles;
import vpn.service.files.protocol.FilesMessage.MakeDirectory;
import vpn.service.files.protocol.FilesMessage.Ok;
import vpn.service.files.protocol.FilesMessage.Put;
import vpn.service.files.protocol.FilesMessage.Ready;
import vpn.service.files.protocol.FilesMessage.Remove;
import vpn.service.files.protocol.FilesMessage.Start;

/**
 * The file protocol's messages on the wire: a type byte, the request id (u32), then the fields,
 * big-endian (docs/files-protocol.md). One encoder and one strict decoder for both directions;
 * which side may send what is the handlers' business.
 */
public final class FilesCodec {

    static final int PUT = 0x01;
    static final int GET = 0x02;
    static final int LIST = 0x03;
    static final int MKDIR = 0x04;
    static final int REMOVE = 0x05;
    static final int START = 0x06;
    static final int ACK = 0x07;
    static final int CANCEL = 0x08;
    static final int REMOVE_TREE = 0x09;
    static final int READY = 0x21;
    static final int FILE = 0x22;
    static final int ENTRIES = 0x23;
    static final int DATA = 0x40;
    static final int END = 0x41;
    static final int OK = 0x42;
    static final int FAILED = 0x43;

    static final int FORCE = 0x01;
    static final int RESUME = 0x02;
    static final int EXISTING_IS_FINE = 0x01;

    /**
     * Where a DATA message's file bytes begin: a sender reads them into a message-sized array from
     * here, then makes it the message with {@link #data}, so that a full chunk is never copied.
     */
    public static final int DATA_OFFSET = HEADER_BYTES;

    /** An ENTRIES message without its entries: header, last, count. */
    private static final int ENTRIES_OVERHEAD = HEADER_BYTES + 1 + 2;

    private FilesCodec() {
    }

    public static byte[] encode(FilesMessage message) {
        return switch (message) {
            case Put m -> start(PUT, m, 1 + 8 + text(m.path()))
                    .u8((m.force() ? FORCE : 0) | (m.resume() ? RESUME : 0)).i64(m.size()).text(m.path()).toByteArray();
            case Get m -> start(GET, m, 1 + 8 + DIGEST_BYTES + text(m.path()))
                    .u8(m.resume() ? RESUME : 0).i64(m.offset()).fixed(m.prefixDigest()).text(m.path()).toByteArray();
            case ListFiles m -> start(LIST, m, text(m.path())).text(m.path()).toByteArray();
            case MakeDirectory m -> start(MKDIR, m, 1 + text(m.path()))
                    .u8(m.existingIsFine() ? EXISTING_IS_FINE : 0).text(m.path()).toByteArray();
            case Remove m -> start(m.tree() ? REMOVE_TREE : REMOVE, m, text(m.path())).text(m.path()).toByteArray();
            case Start m -> start(START, m, 8).i64(m.offset()).toByteArray();
            case Ack m -> start(ACK, m, 8).i64(m.received()).toByteArray();
            case Cancel m -> start(CANCEL, m, 0).toByteArray();
            case Ready m -> start(READY, m, 8 + DIGEST_BYTES).i64(m.offset()).fixed(m.prefixDigest()).toByteArray();
            case FileInfo m -> start(FILE, m, 24).i64(m.size()).i64(m.offset()).i64(m.modifiedSeconds()).toByteArray();
            case Entries m -> {
                WireWriter out = start(ENTRIES, m, 3 + m.entries().stream().mapToInt(Entry::wireBytes).sum())
                        .u8(m.last() ? 1 : 0).u16(m.entries().size());
                for (Entry e : m.entries()) {
                    out.u8(e.kind().code()).i64(e.size()).i64(e.modifiedSeconds()).text(e.name());
                }
                yield out.toByteArray();
            }
            case Data m -> start(DATA, m, m.length()).fixed(m.array(), m.offset(), m.length()).toByteArray();
            case End m -> start(END, m, 8 + DIGEST_BYTES).i64(m.size()).fixed(m.digest()).toByteArray();
            case Ok m -> start(OK, m, 0).toByteArray();
            case Failed m -> {
                String text = reasonText(m.text());
                yield start(FAILED, m, 1 + text(text)).u8(m.reason().code()).text(text).toByteArray();
            }
        };
    }

    /**
     * Writes the header of the DATA message of request {@code id} in place, before the
     * {@code length} file bytes that {@code message} holds from {@link #DATA_OFFSET} on, for a
     * sender that sends that range of a buffer it reuses: the range is the same bytes as
     * {@code encode(new Data(id, bytes))}.
     *
     * @return the message's length: the first {@link #DATA_OFFSET} + {@code length} bytes of the array
     */
    public static int writeDataHeader(int id, byte[] message, int length) {
        if (length < 1 || DATA_OFFSET + length > Math.min(message.length, MAX_MESSAGE_BYTES)) {
            throw new IllegalArgumentException("a DATA message carries 1 to " + FilesProtocol.MAX_CHUNK_BYTES
                    + " bytes, not " + length + " in an array of " + message.length);
        }
        ByteBuffer header = ByteBuffer.wrap(message, 0, DATA_OFFSET);
        header.put((byte) DATA).putInt(id);
        return DATA_OFFSET + length;
    }

    /**
     * Reads one message.
     *
     * @throws ServiceException if it is longer than {@link FilesProtocol#MAX_MESSAGE_BYTES}, of an
     *     unknown type, truncated, has a field outside its limits, or has bytes left over
     */
    public static FilesMessage decode(byte[] message) throws ServiceException {
        return decode(message, 0, message.length);
    }

    /**
     * Reads one message, the {@code length} bytes of {@code buffer} from {@code offset}, as
     * {@link #decode(byte[])} does: for a reader that reuses its buffer. A DATA message is read
     * where it lies in {@code buffer}.
     */
    public static FilesMessage decode(byte[] buffer, int offset, int length) throws ServiceException {
        if (length > MAX_MESSAGE_BYTES) {
            throw WireReader.malformed(length + " bytes, more than " + MAX_MESSAGE_BYTES);
        }
        Objects.checkFromIndexSize(offset, length, buffer.length);
        WireReader in = new WireReader(buffer, offset, length);
        int type = in.u8("type");
        int id = in.u32("request id");
        FilesMessage decoded = switch (type) {
            case PUT -> {
                int flags = in.flags(FORCE | RESUME, "flags");
                yield new Put(id, (flags & FORCE) != 0, (flags & RESUME) != 0, in.i64(-1, Long.MAX_VALUE, "size"),
                        path(in));
            }
            case GET -> new Get(id, (in.flags(RESUME, "flags") & RESUME) != 0, in.i64(0, Long.MAX_VALUE, "offset"),
                    in.fixed(DIGEST_BYTES, "prefix digest"), path(in));
            case LIST -> new ListFiles(id, path(in));
            case MKDIR -> new MakeDirectory(id, in.flags(EXISTING_IS_FINE, "flags") != 0, path(in));
            case REMOVE -> new Remove(id, false, path(in));
            case REMOVE_TREE -> new Remove(id, true, path(in));
            case START -> new Start(id, in.i64(0, Long.MAX_VALUE, "offset"));
            case ACK -> new Ack(id, in.i64(0, Long.MAX_VALUE, "received"));
            case CANCEL -> new Cancel(id);
            case READY -> new Ready(id, in.i64(0, Long.MAX_VALUE, "offset"), in.fixed(DIGEST_BYTES, "prefix digest"));
            case FILE -> new FileInfo(id, in.i64(0, Long.MAX_VALUE, "size"), in.i64(0, Long.MAX_VALUE, "offset"),
                    in.i64(Long.MIN_VALUE, Long.MAX_VALUE, "modified"));
            case ENTRIES -> entries(id, in);
            case DATA -> {
                if (!in.hasRemaining()) {
                    throw WireReader.malformed("a DATA message without data");
                }
                int start = in.skipRest();
                yield new Data(id, buffer, start, offset + length - start);
            }
            case END -> new End(id, in.i64(0, Long.MAX_VALUE, "size"), in.fixed(DIGEST_BYTES, "digest"));
            case OK -> new Ok(id);
            case FAILED -> {
                int code = in.u8("reason");
                Reason reason = Reason.of(code).orElseThrow(() -> WireReader.malformed("unknown reason " + code));
                yield new Failed(id, reason, in.text(MAX_REASON_BYTES, "reason text"));
            }
            default -> throw WireReader.malformed("unknown type " + type);
        };
        in.end(decoded.getClass().getSimpleName());
        return decoded;
    }

    /**
     * A listing as ENTRIES messages that each fit in one message, in order, the last marked (one
     * empty message for an empty listing).
     */
    public static List<Entries> entriesMessages(int id, List<Entry> entries) {
        List<Entries> messages = new ArrayList<>();
        List<Entry> part = new ArrayList<>();
        int bytes = ENTRIES_OVERHEAD;
        for (Entry entry : entries) {
            if (bytes + entry.wireBytes() > MAX_MESSAGE_BYTES) {
                messages.add(new Entries(id, false, part));
                part = new ArrayList<>();
                bytes = ENTRIES_OVERHEAD;
            }
            part.add(entry);
            bytes += entry.wireBytes();
        }
        messages.add(new Entries(id, true, part));
        return messages;
    }

    private static Entries entries(int id, WireReader in) throws ServiceException {
        int last = in.u8("last");
        if (last > 1) {
            throw WireReader.malformed("last is " + last + ", not 0 or 1");
        }
        int count = in.u8("count") << 8 | in.u8("count");
        List<Entry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int kind = in.u8("kind");
            Entry.Kind parsed = switch (kind) {
                case 1 -> Entry.Kind.FILE;
                case 2 -> Entry.Kind.DIRECTORY;
                default -> throw WireReader.malformed("unknown entry kind " + kind);
            };
            long size = in.i64(0, Long.MAX_VALUE, "entry size");
            long modified = in.i64(Long.MIN_VALUE, Long.MAX_VALUE, "entry modified");
            String name = in.text(MAX_NAME_BYTES, "entry name");
            if (!Entry.isOneName(name)) {
                throw WireReader.malformed("entry name \"" + Printable.of(name) + "\" is not one name of a folder");
            }
            entries.add(new Entry(parsed, size, modified, name));
        }
        return new Entries(id, last == 1, entries);
    }

    /**
     * A FAILED answer's text, cut to {@link FilesProtocol#MAX_REASON_BYTES} bytes of UTF-8 between
     * two characters if it is longer: the server's refusals name the path the client sent, which
     * may be 4,096 bytes, and escaping its control characters makes it longer still.
     */
    private static String reasonText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return text;
        }
        int end = MAX_REASON_BYTES;
        while ((bytes[end] & 0xc0) == 0x80) {
            end--; // bytes[end], the first byte left out, continues a character: leave all of it out
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private static String path(WireReader in) throws ServiceException {
        return in.text(MAX_PATH_BYTES, "path");
    }

    private static int text(String text) {
        return 2 + Utf8.length(text);
    }

    private static WireWriter start(int type, FilesMessage message, int body) {
        return new WireWriter(HEADER_BYTES + body).u8(type).u32(message.id());
    }
}
