package vpn.service.files.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import vpn.service.files.protocol.Entry;

/**
 * ENTRIES messages as a hostile server could send them, with names no honest listing holds and
 * that {@link Entry} refuses to hold: written byte by byte as docs/files-protocol.md lays them out.
 */
public final class RawEntries {

    private static final int ENTRIES = 0x23;

    private RawEntries() {
    }

    /** One entry, its name anything at all. */
    public record RawEntry(Entry.Kind kind, long size, long modifiedSeconds, String name) {

        public static RawEntry of(Entry entry) {
            return new RawEntry(entry.kind(), entry.size(), entry.modifiedSeconds(), entry.name());
        }
    }

    public static byte[] encode(int id, boolean last, List<RawEntry> entries) {
        int size = 1 + 4 + 1 + 2;
        for (RawEntry entry : entries) {
            size += 1 + 8 + 8 + 2 + entry.name().getBytes(StandardCharsets.UTF_8).length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).put((byte) ENTRIES).putInt(id).put((byte) (last ? 1 : 0))
                .putShort((short) entries.size());
        for (RawEntry entry : entries) {
            byte[] name = entry.name().getBytes(StandardCharsets.UTF_8);
            out.put((byte) (entry.kind() == Entry.Kind.FILE ? 1 : 2)).putLong(entry.size()).putLong(entry.modifiedSeconds())
                    .putShort((short) name.length).put(name);
        }
        return out.array();
    }
}
