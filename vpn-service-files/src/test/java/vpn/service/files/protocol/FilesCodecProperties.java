package vpn.service.files.protocol;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vpn.service.files.protocol.FilesProtocol.DIGEST_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_CHUNK_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_MESSAGE_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_NAME_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_PATH_BYTES;
import static vpn.service.files.protocol.FilesProtocol.MAX_REASON_BYTES;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
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
import vpn.service.files.testing.RawEntries;
import vpn.service.files.testing.RawEntries.RawEntry;
import vpn.testing.Mutations;
import vpn.testing.Unicode;
import vpn.testing.Values;

/**
 * The file protocol's messages ({@link FilesCodec}, docs/files-protocol.md), one decoder for both
 * directions: every message decodes to itself; any bytes decode, in their only encoding, or fail
 * with {@link ServiceException}, never another exception; a listing is split into messages that
 * each fit; paths (4,096 bytes), names (255), reason texts (1,024), DATA (65,531) and the whole
 * message (65,536) are held to their limits exactly, and a reason text too long for its field
 * arrives cut, as the start of what was sent.
 */
class FilesCodecProperties {

    @Provide
    Arbitrary<FilesMessage> messages() {
        Arbitrary<Integer> ids = Arbitraries.integers();
        Arbitrary<Boolean> flags = Arbitraries.of(true, false);
        Arbitrary<String> paths = Arbitraries.oneOf(Unicode.ofUtf8Bytes(0, 40), Unicode.ofUtf8Bytes(0, MAX_PATH_BYTES));
        Arbitrary<Long> sizes = Arbitraries.longs().greaterOrEqual(0);
        Arbitrary<byte[]> digests = Arbitraries.bytes().array(byte[].class).ofSize(DIGEST_BYTES);
        Arbitrary<byte[]> chunks = Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(MAX_CHUNK_BYTES));
        return Arbitraries.oneOf(
                Combinators.combine(ids, flags, flags, Arbitraries.longs().greaterOrEqual(-1), paths).as(Put::new),
                Combinators.combine(ids, flags, sizes, digests, paths).as(Get::new),
                Combinators.combine(ids, paths).as(ListFiles::new),
                Combinators.combine(ids, flags, paths).as(MakeDirectory::new),
                Combinators.combine(ids, paths).as(Remove::new),
                Combinators.combine(ids, sizes).as(Start::new),
                Combinators.combine(ids, sizes).as(Ack::new),
                ids.map(Cancel::new),
                Combinators.combine(ids, sizes, digests).as(Ready::new),
                Combinators.combine(ids, sizes, sizes, Arbitraries.longs()).as(FileInfo::new),
                Combinators.combine(ids, flags, entries().list().ofMaxSize(20)).as(Entries::new),
                Combinators.combine(ids, chunks).as(Data::new),
                Combinators.combine(ids, sizes, digests).as(End::new),
                ids.map(Ok::new),
                Combinators.combine(ids, Arbitraries.of(Reason.class), Unicode.ofUtf8Bytes(0, MAX_REASON_BYTES))
                        .as(Failed::new));
    }

    @Provide
    Arbitrary<Entry> entries() {
        return Combinators.combine(Arbitraries.of(Entry.Kind.class), Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs(), Unicode.ofUtf8Bytes(1, MAX_NAME_BYTES).filter(Entry::isOneName)).as(Entry::new);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Mutations.of(messages().map(FilesCodec::encode)));
    }

    @Property(tries = 500)
    void everyMessageDecodesToItself(@ForAll("messages") FilesMessage message) throws ServiceException {
        byte[] encoded = FilesCodec.encode(message);
        assertTrue(encoded.length <= MAX_MESSAGE_BYTES, encoded.length + " bytes");
        FilesMessage decoded = FilesCodec.decode(encoded);
        if (decoded instanceof Data data) {
            // A DATA's bytes are read where they lie in the message, not copied out.
            assertSame(encoded, data.array());
            assertEquals(FilesCodec.DATA_OFFSET, data.offset());
            decoded = new Data(data.id(), data.bytes());
        }
        Values.assertSameValue(message, decoded);
    }

    @Property
    void anyBytesAreAMessageInItsOnlyEncodingOrRefused(@ForAll("anyBytes") byte[] bytes) {
        try {
            assertArrayEquals(bytes, FilesCodec.encode(FilesCodec.decode(bytes)));
        } catch (ServiceException refused) {
            assertTrue(refused.getMessage().startsWith("malformed file message: "), refused.getMessage());
        }
    }

    /**
     * A reader that reuses its buffer decodes a message where it lies: any bytes, valid or not,
     * between junk before and after them, decode as they do alone, or are refused with the same
     * reason.
     */
    @Property
    void anyBytesDecodeAsAloneWhereverTheyLieInABuffer(@ForAll("anyBytes") byte[] bytes,
            @ForAll @IntRange(max = 300) int before, @ForAll @IntRange(max = 300) int after, @ForAll byte junk) {
        byte[] buffer = new byte[before + bytes.length + after];
        Arrays.fill(buffer, junk);
        System.arraycopy(bytes, 0, buffer, before, bytes.length);
        FilesMessage alone;
        try {
            alone = FilesCodec.decode(bytes);
        } catch (ServiceException refused) {
            ServiceException inBuffer = assertThrows(ServiceException.class,
                    () -> FilesCodec.decode(buffer, before, bytes.length));
            assertEquals(refused.getMessage(), inBuffer.getMessage());
            return;
        }
        FilesMessage inBuffer = assertDoesNotThrow(() -> FilesCodec.decode(buffer, before, bytes.length));
        if (alone instanceof Data data) {
            Data lying = (Data) inBuffer;
            assertSame(buffer, lying.array(), "read where it lies");
            assertEquals(data.id(), lying.id());
            assertArrayEquals(data.bytes(), lying.bytes());
        } else {
            Values.assertSameValue(alone, inBuffer);
        }
    }

    /** The sender's DATA made in place is the encoder's DATA. */
    @Property(tries = 100)
    void dataMadeInPlaceIsTheEncodersData(@ForAll int id, @ForAll("chunks") byte[] chunk, @ForAll @IntRange(max = 100) int spare) {
        byte[] buffer = new byte[Math.min(MAX_MESSAGE_BYTES, FilesCodec.DATA_OFFSET + chunk.length + spare)];
        System.arraycopy(chunk, 0, buffer, FilesCodec.DATA_OFFSET, chunk.length);
        int length = FilesCodec.writeDataHeader(id, buffer, chunk.length);
        assertArrayEquals(FilesCodec.encode(new Data(id, chunk)), Arrays.copyOf(buffer, length));
    }

    @Provide
    Arbitrary<byte[]> chunks() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(100),
                Arbitraries.bytes().array(byte[].class).ofMinSize(MAX_CHUNK_BYTES - 100).ofMaxSize(MAX_CHUNK_BYTES));
    }

    /** A listing of any length goes out as messages that each fit, in order, the last one marked. */
    @Property(tries = 50)
    void aListingIsSplitIntoMessagesThatFit(@ForAll int id, @ForAll("listings") List<Entry> listing) throws ServiceException {
        List<Entry> received = new ArrayList<>();
        List<Entries> messages = FilesCodec.entriesMessages(id, listing);
        for (int i = 0; i < messages.size(); i++) {
            byte[] encoded = FilesCodec.encode(messages.get(i));
            assertTrue(encoded.length <= MAX_MESSAGE_BYTES, encoded.length + " bytes");
            Entries decoded = (Entries) FilesCodec.decode(encoded);
            assertEquals(i == messages.size() - 1, decoded.last());
            received.addAll(decoded.entries());
        }
        assertEquals(listing, received);
        Statistics.label("split").collect(messages.size() > 1);
        Statistics.label("split").coverage(checker -> checker.check(true).count(n -> n >= 5));
    }

    /** Listings long enough to need several messages: names of any text, and many of the longest. */
    @Provide
    Arbitrary<List<Entry>> listings() {
        Arbitrary<String> names = Arbitraries.frequencyOf(Tuple.of(1, Unicode.ofUtf8Bytes(1, 40).filter(Entry::isOneName)),
                Tuple.of(3, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(MAX_NAME_BYTES - 3)
                        .ofMaxLength(MAX_NAME_BYTES)));
        return Combinators.combine(Arbitraries.of(Entry.Kind.class), Arbitraries.longs().greaterOrEqual(0),
                Arbitraries.longs(), names).as(Entry::new)
                .list().ofMaxSize(600).withSizeDistribution(RandomDistribution.uniform());
    }

    /**
     * A listing's names are each one name of a folder, since a client that copies a tree joins
     * them to its own folder: one that is empty, {@code .} or {@code ..}, or holds {@code /} or NUL
     * is refused wherever it stands, and the same listing with an honest name there decodes.
     */
    @Property
    void aListingWithANameThatIsNotOneNameOfAFolderIsRefused(@ForAll("entryLists") List<Entry> listing,
            @ForAll @IntRange(min = 0, max = 5) int where, @ForAll("notOneName") String lie) throws ServiceException {
        List<RawEntry> raw = new ArrayList<>(listing.stream().map(RawEntry::of).toList());
        byte[] honest = RawEntries.encode(3, true, raw);
        assertArrayEquals(FilesCodec.encode(new Entries(3, true, listing)), honest, "RawEntries writes what the codec does");
        int at = Math.min(where, raw.size());
        raw.add(at, new RawEntry(Entry.Kind.FILE, 1, 0, lie));
        ServiceException refused = assertThrows(ServiceException.class, () -> FilesCodec.decode(RawEntries.encode(3, true, raw)));
        assertTrue(refused.getMessage().endsWith("is not one name of a folder"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Entry(Entry.Kind.FILE, 1, 0, lie));
    }

    @Provide
    Arbitrary<List<Entry>> entryLists() {
        return entries().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<String> notOneName() {
        return Arbitraries.oneOf(
                Arbitraries.of("", ".", "..", "/", "../x", "x/..", "a/b", "/etc/passwd", "x/", "a\0b", "\0"),
                Combinators.combine(Unicode.ofUtf8Bytes(0, 20), Unicode.ofUtf8Bytes(0, 20), Arbitraries.of("/", "\0"))
                        .as((before, after, bad) -> before + bad + after));
    }

    // ---- Limits ----

    @Property
    void pathsOfAtMost4096Bytes(@ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll @IntRange(min = MAX_PATH_BYTES - 2, max = MAX_PATH_BYTES + 2) int bytes) {
        String path = text(bytes, width);
        assertDecodedUpTo(MAX_PATH_BYTES, bytes, FilesCodec.encode(new Remove(1, path)));
    }

    @Property
    void entryNamesOfAtMost255Bytes(@ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll @IntRange(min = MAX_NAME_BYTES - 2, max = MAX_NAME_BYTES + 2) int bytes) {
        Entry entry = new Entry(Entry.Kind.FILE, 1, 0, text(bytes, width));
        assertDecodedUpTo(MAX_NAME_BYTES, bytes, FilesCodec.encode(new Entries(1, true, List.of(entry))));
    }

    /** Written by hand: the encoder never writes a reason text over the limit (see the next property). */
    @Property
    void reasonTextsOfAtMost1024Bytes(@ForAll @IntRange(min = MAX_REASON_BYTES - 2, max = MAX_REASON_BYTES + 2) int bytes) {
        byte[] failed = new byte[5 + 1 + 2 + bytes];
        failed[0] = (byte) FilesCodec.FAILED;
        failed[5] = (byte) Reason.BAD_PATH.code();
        failed[6] = (byte) (bytes >> 8);
        failed[7] = (byte) bytes;
        Arrays.fill(failed, 8, failed.length, (byte) 'x');
        assertDecodedUpTo(MAX_REASON_BYTES, bytes, failed);
    }

    /**
     * The server's refusals name the path the client sent, which may be 4,096 bytes, and escaping
     * makes it longer: a text over the limit is cut to fit, between characters.
     */
    @Property
    void aLongReasonTextArrivesCutToTheLimit(@ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll @IntRange(min = MAX_REASON_BYTES + 1, max = 3 * MAX_PATH_BYTES) int bytes) throws ServiceException {
        String text = text(bytes, width);
        Failed received = (Failed) FilesCodec.decode(FilesCodec.encode(new Failed(7, Reason.BAD_PATH, text)));
        assertTrue(text.startsWith(received.text()), "not the start of the text sent");
        assertTrue(received.text().getBytes(StandardCharsets.UTF_8).length > MAX_REASON_BYTES - 4);
    }

    @Property
    void dataOfAtMost65531Bytes(@ForAll @IntRange(min = MAX_CHUNK_BYTES - 2, max = MAX_CHUNK_BYTES + 2) int length) {
        byte[] data = FilesCodec.encode(new Data(1, new byte[length]));
        assertEquals(FilesCodec.DATA_OFFSET + length, data.length);
        assertDecodedUpTo(MAX_CHUNK_BYTES, length, data);
        if (length > MAX_CHUNK_BYTES) {
            assertThrows(IllegalArgumentException.class, () -> FilesCodec.writeDataHeader(1, data, length));
        }
    }

    // ---- Helpers ----

    /** {@code bytes} bytes of UTF-8: as many characters of {@code width} bytes as fit, then x's. */
    private static String text(int bytes, int width) {
        int codePoint = new int[] {'x', 0xe9, 0x20ac, 0x1f600}[width - 1];
        return "x".repeat(bytes % width) + Character.toString(codePoint).repeat(bytes / width);
    }

    private static void assertDecodedUpTo(int max, int value, byte[] message) {
        if (value <= max) {
            try {
                FilesCodec.decode(message);
            } catch (ServiceException e) {
                throw new AssertionError(value + " was refused: " + e.getMessage(), e);
            }
        } else {
            assertThrows(ServiceException.class, () -> FilesCodec.decode(message));
        }
    }
}
