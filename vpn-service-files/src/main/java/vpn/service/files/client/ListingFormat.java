package vpn.service.files.client;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import vpn.api.service.Printable;
import vpn.service.files.protocol.Entry;

/**
 * {@code vpn ls}'s lines: {@code SIZE  YYYY-MM-DD HH:MM UTC  NAME}, sizes in bytes right-aligned,
 * a {@code /} after a directory's name, names made safe to print.
 */
final class ListingFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private ListingFormat() {
    }

    static List<String> lines(List<Entry> entries) {
        int width = entries.stream().mapToInt(e -> Long.toString(e.size()).length()).max().orElse(1);
        return entries.stream().map(e -> String.format("%" + width + "d  %s  %s%s", e.size(),
                TIME.format(Instant.ofEpochSecond(e.modifiedSeconds())), Printable.of(e.name()),
                e.kind() == Entry.Kind.DIRECTORY ? "/" : "")).toList();
    }
}
