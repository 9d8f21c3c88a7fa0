package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.classic.ClassicMessages;
import vpn.core.kex.DhGroup;
import vpn.core.negotiation.ProposalFormat;
import vpn.core.negotiation.Proposal;
import vpn.core.testing.PipeTransport;
import vpn.core.testing.ScriptedTransport;
import vpn.core.testing.Vectors;

class MessageReaderTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofMillis(300));
    private static final String PROPOSAL = "ProposedCiphers:DES:[56],AES:[128,192,256],Blowfish:[112,224,448]";

    private final PipeTransport[] pipe = PipeTransport.pair();
    private final MessageReader reader = new MessageReader(pipe[1], LIMITS);

    private Proposal readProposal() throws Exception {
        return reader.read("proposal", ProposalFormat.format(), 4096, LIMITS.handshakeTimeout()).proposal();
    }

    @Test
    void readsAMessageSentInOneWrite() throws Exception {
        pipe[0].write(Vectors.ascii(PROPOSAL));
        assertEquals(PROPOSAL, readProposal().encode());
    }

    @Test
    void assemblesAMessageSplitAnywhere() throws Exception {
        byte[] message = Vectors.ascii(PROPOSAL);
        // Cut inside a name, inside a size list, and right after an entry's closing bracket.
        pipe[0].writeSplit(message, 3, 20, 24, 26, 45);
        assertEquals(PROPOSAL, readProposal().encode());
    }

    @Test
    void waitsForASlowSecondSegment() throws Exception {
        byte[] message = Vectors.ascii(PROPOSAL);
        Thread.ofVirtual().start(() -> {
            pipe[0].write(java.util.Arrays.copyOf(message, 30));
            sleep(150);
            pipe[0].write(java.util.Arrays.copyOfRange(message, 30, message.length));
        });
        assertEquals(PROPOSAL, readProposal().encode());
    }

    @Test
    void aSilentPeerTimesOut() {
        long start = System.nanoTime();
        ProtocolException e = assertThrows(ProtocolException.class, this::readProposal);
        assertEquals(Reason.TIMEOUT, e.reason());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(250).toNanos());
    }

    @Test
    void aPeerThatStopsMidMessageTimesOut() {
        pipe[0].write(Vectors.ascii("ProposedCiphers:AES:[12"));
        ProtocolException e = assertThrows(ProtocolException.class, this::readProposal);
        assertEquals(Reason.TIMEOUT, e.reason());
    }

    @Test
    void anOversizeMessageIsRefusedWithoutReadingItAll() {
        pipe[0].write(Vectors.ascii("ProposedCiphers:AES:[" + "1,".repeat(5000)));
        ProtocolException e = assertThrows(ProtocolException.class, this::readProposal);
        assertEquals(Reason.OVERSIZE, e.reason());
    }

    /** A message that could be whole (it ends with ']') and arrives one byte over the limit in one read. */
    @Test
    void aMessageOneByteOverTheLimitIsOversizeEvenWhenItCouldBeWhole() {
        String proposal = "ProposedCiphers:" + "A".repeat(4096 - 16 - 6 + 1) + ":[256]";
        pipe[0].write(Vectors.ascii(proposal));
        pipe[0].close();
        ProtocolException e = assertThrows(ProtocolException.class, this::readProposal);
        assertEquals(Reason.OVERSIZE, e.reason());
    }

    /** Records of the largest size, back to back: reading into the next one is no oversize. */
    @Test
    void fullSizeFramesSentBackToBackAreEachReadWhole() throws Exception {
        int maxPayload = 1000;
        MessageFormat<byte[]> frames = (buffer, length) -> {
            if (length < 2) {
                return Attempt.needMore();
            }
            int payload = (buffer[0] & 0xff) << 8 | (buffer[1] & 0xff);
            if (payload > maxPayload) {
                return Attempt.fail(new ProtocolException(Reason.OVERSIZE, "frame of " + payload));
            }
            return length < 2 + payload ? Attempt.needMore()
                    : Attempt.complete(java.util.Arrays.copyOfRange(buffer, 2, 2 + payload), 2 + payload);
        };
        byte[] frame = new byte[2 + maxPayload];
        frame[0] = (byte) (maxPayload >> 8);
        frame[1] = (byte) maxPayload;
        byte[] three = new byte[3 * frame.length];
        for (int i = 0; i < 3; i++) {
            frame[2] = (byte) i;
            System.arraycopy(frame, 0, three, i * frame.length, frame.length);
        }
        pipe[0].write(three);
        for (int i = 0; i < 3; i++) {
            assertEquals(i, reader.read("record", frames, 2 + maxPayload, LIMITS.handshakeTimeout())[0]);
        }
    }

    @Test
    void aCleanCloseBeforeAMessageIsNotAnError() throws Exception {
        pipe[0].close();
        assertEquals(Optional.empty(),
                reader.readOptional("proposal", ProposalFormat.format(), 4096, LIMITS.handshakeTimeout()));
    }

    @Test
    void aCloseInTheMiddleOfAMessageIs() {
        pipe[0].write(Vectors.ascii("ProposedCiphers:AES:[12"));
        pipe[0].close();
        ProtocolException e = assertThrows(ProtocolException.class, this::readProposal);
        assertEquals(Reason.CLOSED, e.reason());
    }

    /**
     * However a message is cut, reading it costs allocation in proportion to its length: the buffer
     * grew by two bytes per byte read once it was half full, and a record of 64 KB cut into one-byte
     * segments cost some 1 GB of copies (ServerSessionFuzzTest found it, in a proposal).
     */
    @Test
    void aRecordCutIntoBytesAllocatesInProportionToItsLength() throws Exception {
        int payload = 65_000;
        byte[] frame = new byte[2 + payload];
        frame[0] = (byte) (payload >>> 8);
        frame[1] = (byte) payload;
        MessageFormat<Integer> prefixed = (buffer, length) -> length >= 2 + payload
                ? Attempt.complete(payload, 2 + payload) : Attempt.needMore();
        assertAllocatesLinearly(frame, prefixed, 2 + payload);
    }

    /**
     * The text messages have no framing, so the reader asks their format after every read; cut into
     * one-byte segments, they must still cost allocation in proportion to their length (the
     * proposal's format made text of everything received at each read, and the DH value's a number).
     */
    @Test
    void aTextMessageCutIntoBytesAllocatesInProportionToItsLength() throws Exception {
        StringBuilder proposal = new StringBuilder(Proposal.PREFIX);
        String sizes = String.join(",", java.util.Collections.nCopies(30, "12345"));
        for (int i = 0; proposal.length() < 3800; i++) {
            proposal.append(i == 0 ? "" : ",").append("C").append(i).append(":[").append(sizes).append("]");
        }
        assertAllocatesLinearly(Vectors.ascii(proposal.toString()), ProposalFormat.format(), Proposal.MAX_BYTES);
        assertAllocatesLinearly(Vectors.ascii("DHMKE:" + "7".repeat(2400)),
                ClassicMessages.keyShareFormat(DhGroup.MODP_8192), ClassicMessages.maxKeyShareBytes(DhGroup.MODP_8192));
    }

    private static void assertAllocatesLinearly(byte[] message, MessageFormat<?> format, int maxBytes) throws Exception {
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Limits patient = LIMITS.withHandshakeTimeout(java.time.Duration.ofSeconds(30));
        long allocated = 0;
        for (int run = 0; run < 2; run++) { // the first loads the classes
            MessageReader bytes = new MessageReader(
                    new ScriptedTransport(java.util.List.of(message), 1, false, false), patient);
            long before = threads.getCurrentThreadAllocatedBytes();
            bytes.read("message", format, maxBytes, patient.handshakeTimeout());
            allocated = threads.getCurrentThreadAllocatedBytes() - before;
        }
        // A few small objects per read (its deadline, the format's answer), nothing in proportion to what came before.
        assertTrue(allocated < 256L * message.length + (128 << 10),
                "allocated " + allocated + " bytes to read " + message.length + " bytes one at a time");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
