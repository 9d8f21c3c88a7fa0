package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.testing.Mutations;
import vpn.core.testing.Wire;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;

/**
 * Secure mode's framing ({@link Frames}): a frame is read back whole, exactly its bytes, however
 * it is cut and whatever follows it; any bytes get a frame, "more", or an oversize error, and
 * nothing else; the length limit is checked from the header alone, exactly at its edge.
 */
class FramesProperties {

    private static final int MAX = SecureProtocol.MAX_HANDSHAKE_PAYLOAD;

    @Provide
    Arbitrary<byte[]> frames() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(MAX)
                .flatMap(payload -> Arbitraries.integers().between(0, 255).map(type -> Frames.encode(type, payload)));
    }

    @Property(tries = 500)
    void aFrameIsReadBackWholeWhateverItsCuts(@ForAll("frames") byte[] frame, @ForAll int[] cuts) throws Exception {
        Frames.Frame read = Wire.read(frame, cuts, Frames.format(MAX), SecureProtocol.FRAME_HEADER + MAX);
        assertEquals(frame[0] & 0xff, read.type());
        assertArrayEquals(Arrays.copyOfRange(frame, SecureProtocol.FRAME_HEADER, frame.length), read.payload());
        assertArrayEquals(frame, read.wire());
    }

    /** Framed messages travel back to back: a frame takes its own bytes and leaves the next one's. */
    @Property(tries = 300)
    void aFrameTakesOnlyItsOwnBytes(@ForAll("frames") byte[] frame, @ForAll @Size(max = 20) byte[] next) {
        byte[] both = Arrays.copyOf(frame, frame.length + next.length);
        System.arraycopy(next, 0, both, frame.length, next.length);
        Attempt.Complete<?> complete = assertInstanceOf(Attempt.Complete.class, Frames.format(MAX).attempt(both, both.length));
        assertEquals(frame.length, complete.consumed());
    }

    /** Before its last byte, a frame is certainly incomplete. */
    @Property(tries = 200)
    void everyPrefixOfAFrameNeedsMore(@ForAll("frames") byte[] frame, @ForAll @IntRange(min = 0) int cut) {
        int length = cut % frame.length;
        assertInstanceOf(Attempt.NeedMore.class, Frames.format(MAX).attempt(frame, length));
    }

    @Property
    void anyBytesAreAFrameOrNeedMoreOrOversize(@ForAll("anyBytes") byte[] bytes) {
        Wire.error(Frames.format(MAX), bytes).ifPresent(e -> assertEquals(Reason.OVERSIZE, e.reason()));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(64), Mutations.of(frames()));
    }

    /** The limit, decided by the header: a frame of {@code MAX} bytes of payload is read, one byte more is refused. */
    @Property
    void payloadsUpToTheLimit(@ForAll @IntRange(min = MAX - 2, max = MAX + 2) int length, @ForAll byte type)
            throws Exception {
        byte[] frame = Frames.encode(type, new byte[length]);
        MessageFormat<Frames.Frame> format = Frames.format(MAX);
        if (length <= MAX) {
            assertEquals(length, Wire.read(frame, format, SecureProtocol.FRAME_HEADER + MAX).payload().length);
        } else {
            Attempt.Fail<?> fail = assertInstanceOf(Attempt.Fail.class,
                    format.attempt(frame, SecureProtocol.FRAME_HEADER), "the header alone tells");
            assertEquals(Reason.OVERSIZE, fail.error().reason());
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> Wire.read(frame, format, SecureProtocol.FRAME_HEADER + MAX));
            assertEquals(Reason.OVERSIZE, e.reason());
        }
    }
}
