package vpn.service.files.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
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

/** Every message round-trips; the decoder refuses every malformed one with a ServiceException. */
class FilesCodecTest {

    private static final byte[] DIGEST = new byte[32];

    static {
        Arrays.fill(DIGEST, (byte) 0xab);
    }

    private static FilesMessage roundTrip(FilesMessage message) throws ServiceException {
        return FilesCodec.decode(FilesCodec.encode(message));
    }

    @Test
    void recordsWithoutArraysRoundTrip() throws Exception {
        for (FilesMessage m : List.of(new Put(1, true, false, 42, "a/b.txt"), new Put(2, false, true, -1, "x"),
                new ListFiles(3, ""), new MakeDirectory(4, true, "d"), new Remove(5, "d/e"), new Remove(9, true, "t/r"), new Start(6, 65531),
                new Ack(7, 1 << 20), new Cancel(8), new FileInfo(9, 100, 10, 1_700_000_000L), new Ok(10),
                new Failed(11, Reason.EXISTS, "x exists on the server (--force replaces it)"),
                new Entries(12, true, List.of(new Entry(Entry.Kind.FILE, 5, 1, "ä.txt"),
                        new Entry(Entry.Kind.DIRECTORY, 0, -1, "dir"))))) {
            assertEquals(m, roundTrip(m));
        }
    }

    @Test
    void messagesWithDigestsAndDataRoundTrip() throws Exception {
        Get get = (Get) roundTrip(new Get(1, true, 99, DIGEST, "big.iso"));
        assertEquals(99, get.offset());
        assertArrayEquals(DIGEST, get.prefixDigest());
        assertEquals("big.iso", get.path());
        Ready ready = (Ready) roundTrip(new Ready(2, 7, DIGEST));
        assertArrayEquals(DIGEST, ready.prefixDigest());
        End end = (End) roundTrip(new End(3, 123, DIGEST));
        assertEquals(123, end.size());
        assertArrayEquals(DIGEST, end.digest());
        byte[] chunk = new byte[FilesProtocol.MAX_CHUNK_BYTES];
        Arrays.fill(chunk, (byte) 7);
        byte[] encoded = FilesCodec.encode(new Data(4, chunk));
        assertEquals(FilesProtocol.MAX_MESSAGE_BYTES, encoded.length, "a full chunk fills one message exactly");
        assertArrayEquals(chunk, ((Data) FilesCodec.decode(encoded)).bytes());
    }

    @Test
    void theWireFormatIsTheDocumentedOne() {
        assertEquals("0100000001" + "01" + "000000000000002a" + "0001" + "61",
                HexFormat.of().formatHex(FilesCodec.encode(new Put(1, true, false, 42, "a"))));
        assertEquals("4300000005" + "01" + "0002" + "6e6f",
                HexFormat.of().formatHex(FilesCodec.encode(new Failed(5, Reason.EXISTS, "no"))));
        assertEquals("40000000ff" + "0102", HexFormat.of().formatHex(FilesCodec.encode(new Data(255, new byte[] {1, 2}))));
    }

    @Test
    void dataMadeInPlaceIsWhatTheEncoderMakes() throws Exception {
        byte[] chunk = new byte[FilesProtocol.MAX_CHUNK_BYTES];
        Arrays.fill(chunk, (byte) 9);
        byte[] message = new byte[FilesProtocol.MAX_MESSAGE_BYTES];
        System.arraycopy(chunk, 0, message, FilesCodec.DATA_OFFSET, chunk.length);
        assertEquals(message.length, FilesCodec.writeDataHeader(300, message, chunk.length));
        assertArrayEquals(FilesCodec.encode(new Data(300, chunk)), message);
        int shortOne = FilesCodec.writeDataHeader(301, message, 3);
        assertArrayEquals(FilesCodec.encode(new Data(301, new byte[] {9, 9, 9})), Arrays.copyOf(message, shortOne),
                "the first bytes of a longer buffer");
        assertThrows(IllegalArgumentException.class, () -> FilesCodec.writeDataHeader(1, message, 0));
        assertThrows(IllegalArgumentException.class, () -> FilesCodec.writeDataHeader(1, new byte[10], 6));
    }

    /**
     * A reader that reuses its buffer decodes the message where it lies: the bytes after it (an
     * earlier, longer message's) are not read, and a DATA is read in place until copied.
     */
    @Test
    void messagesAreDecodedFromTheStartOfAReusedBuffer() throws Exception {
        byte[] buffer = new byte[FilesProtocol.MAX_MESSAGE_BYTES];
        Arrays.fill(buffer, (byte) 0x55);
        byte[] ok = FilesCodec.encode(new Ok(7));
        System.arraycopy(ok, 0, buffer, 0, ok.length);
        assertEquals(new Ok(7), FilesCodec.decode(buffer, 0, ok.length));
        ServiceException after = assertThrows(ServiceException.class, () -> FilesCodec.decode(buffer, 0, ok.length + 1));
        assertTrue(after.getMessage().contains("1 bytes after the Ok"), after.getMessage());
        byte[] data = FilesCodec.encode(new Data(8, new byte[] {1, 2, 3}));
        System.arraycopy(data, 0, buffer, 0, data.length);
        Data lent = (Data) FilesCodec.decode(buffer, 0, data.length);
        assertSame(buffer, lent.array(), "read where it lies");
        Data copy = lent.copy();
        buffer[FilesCodec.DATA_OFFSET] = 9;
        assertArrayEquals(new byte[] {9, 2, 3}, lent.bytes());
        assertArrayEquals(new byte[] {1, 2, 3}, copy.bytes(), "the copy keeps its bytes");
        assertEquals(8, copy.id());
        System.arraycopy(data, 0, buffer, 100, data.length);
        Data further = (Data) FilesCodec.decode(buffer, 100, data.length);
        assertEquals(100 + FilesCodec.DATA_OFFSET, further.offset(), "a message further into the buffer");
        assertArrayEquals(new byte[] {1, 2, 3}, further.bytes());
        assertThrows(IndexOutOfBoundsException.class, () -> FilesCodec.decode(ok, 0, ok.length + 1));
        ServiceException e = assertThrows(ServiceException.class,
                () -> FilesCodec.decode(new byte[FilesProtocol.MAX_MESSAGE_BYTES + 1], 0, FilesProtocol.MAX_MESSAGE_BYTES + 1));
        assertTrue(e.getMessage().contains("more than 65536"), e.getMessage());
    }

    @Test
    void malformedMessagesAreRefused() {
        byte[] put = FilesCodec.encode(new Put(1, false, false, 5, "abc"));
        assertMalformed(Arrays.copyOf(put, put.length - 1), "truncated in path");
        assertMalformed(Arrays.copyOf(put, put.length + 1), "1 bytes after the Put");
        byte[] flags = put.clone();
        flags[5] = 0x04;
        assertMalformed(flags, "flags has unknown bits");
        byte[] size = put.clone();
        size[6] = (byte) 0x80; // a negative size other than -1
        assertMalformed(size, "size is");
        assertMalformed(new byte[] {0x7f, 0, 0, 0, 1}, "unknown type 127");
        assertMalformed(new byte[] {0x40, 0, 0, 0, 1}, "a DATA message without data");
        assertMalformed(new byte[] {0x43, 0, 0, 0, 1, 99, 0, 0}, "unknown reason 99");
        assertMalformed(new byte[] {0x01, 0, 0}, "truncated in request id");
        assertMalformed(new byte[FilesProtocol.MAX_MESSAGE_BYTES + 1], "more than 65536");
        byte[] badUtf8 = {0x03, 0, 0, 0, 1, 0, 1, (byte) 0xff};
        assertMalformed(badUtf8, "path is not UTF-8");
        byte[] longPath = FilesCodec.encode(new ListFiles(1, "p".repeat(FilesProtocol.MAX_PATH_BYTES + 1)));
        assertMalformed(longPath, "path is 4097 bytes");
    }

    private static void assertMalformed(byte[] message, String fragment) {
        ServiceException e = assertThrows(ServiceException.class, () -> FilesCodec.decode(message));
        assertTrue(e.getMessage().startsWith("malformed file message: "), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage() + " should say " + fragment);
    }

    @Test
    void longListingsAreSplitIntoMessagesThatFit() throws Exception {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            entries.add(new Entry(Entry.Kind.FILE, i, i, "file-with-a-longish-name-" + i + ".dat"));
        }
        List<Entries> messages = FilesCodec.entriesMessages(9, entries);
        assertTrue(messages.size() > 1);
        List<Entry> back = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            byte[] encoded = FilesCodec.encode(messages.get(i));
            assertTrue(encoded.length <= FilesProtocol.MAX_MESSAGE_BYTES);
            Entries decoded = (Entries) FilesCodec.decode(encoded);
            assertEquals(i == messages.size() - 1, decoded.last());
            back.addAll(decoded.entries());
        }
        assertEquals(entries, back);
        assertEquals(List.of(new Entries(1, true, List.of())), FilesCodec.entriesMessages(1, List.of()));
    }

    /** Entries of {@code lastName} bytes after 239 of 255: 8 bytes of overhead and 239 * 274 + 19 + lastName. */
    private static List<Entry> listing(int lastName) {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < 239; i++) {
            entries.add(new Entry(Entry.Kind.FILE, i, i, String.format("%03d", i) + "n".repeat(252)));
        }
        entries.add(new Entry(Entry.Kind.DIRECTORY, 0, 7, "d".repeat(lastName)));
        return entries;
    }

    /** A listing that fills a message to its last byte is one message; one byte more makes two. */
    @Test
    void aListingIsSplitOnlyWhenItNoLongerFitsToTheByte() throws Exception {
        List<Entries> exact = FilesCodec.entriesMessages(3, listing(23));
        assertEquals(1, exact.size());
        byte[] full = FilesCodec.encode(exact.get(0));
        assertEquals(FilesProtocol.MAX_MESSAGE_BYTES, full.length);
        assertEquals(exact.get(0), FilesCodec.decode(full));

        List<Entries> split = FilesCodec.entriesMessages(3, listing(24));
        assertEquals(2, split.size());
        assertEquals(239, split.get(0).entries().size());
        assertEquals(List.of(listing(24).getLast()), split.get(1).entries());
    }

    /** The writer gives the bytes written, whether or not it was sized to the byte. */
    @Test
    void aWriterGivesExactlyTheBytesWritten() {
        assertArrayEquals(new byte[] {1, 0, 2}, new WireWriter(3).u8(1).u16(2).toByteArray());
        assertArrayEquals(new byte[] {1, 0, 2}, new WireWriter(10).u8(1).u16(2).toByteArray());
    }

    @Test
    void aTextOf65535BytesFitsItsLengthAndOneMoreDoesNot() {
        String longest = "x".repeat(0xffff);
        assertEquals(2 + 0xffff, new WireWriter(2 + 0xffff).text(longest).toByteArray().length);
        assertThrows(IllegalArgumentException.class, () -> new WireWriter(2 + 0x10000).text(longest + "x"));
    }

    /** The client's exit code: 5 for the server's refusals, 1 for a transfer that went wrong. */
    @Test
    void refusalsAreTheServersAndFailuresTheTransfers() {
        assertTrue(Reason.EXISTS.refusal());
        assertTrue(Reason.TOO_MANY_REQUESTS.refusal());
        assertEquals(false, Reason.WRITE_FAILED.refusal());
        assertEquals(false, Reason.CANCELLED.refusal());
    }
}
