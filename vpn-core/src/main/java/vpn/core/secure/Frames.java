package vpn.core.secure;

import java.util.Arrays;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;

/** Secure mode's framing: {@code type (1) || payload length (3, big-endian) || payload}. */
final class Frames {

    /** One handshake frame as received: its type, its payload, and its exact bytes (for the transcript). */
    record Frame(int type, byte[] payload, byte[] wire) {
    }

    private Frames() {
    }

    static byte[] encode(int type, byte[] payload) {
        byte[] frame = new byte[SecureProtocol.FRAME_HEADER + payload.length];
        System.arraycopy(payload, 0, frame, SecureProtocol.FRAME_HEADER, payload.length);
        writeHeader(frame, type, payload.length);
        return frame;
    }

    static void writeHeader(byte[] frame, int type, int payloadLength) {
        writeHeader(frame, 0, type, payloadLength);
    }

    /** Writes a frame's header into {@code bytes} at {@code offset}. */
    static void writeHeader(byte[] bytes, int offset, int type, int payloadLength) {
        bytes[offset] = (byte) type;
        bytes[offset + 1] = (byte) (payloadLength >>> 16);
        bytes[offset + 2] = (byte) (payloadLength >>> 8);
        bytes[offset + 3] = (byte) payloadLength;
    }

    /**
     * A handshake frame whose payload is at most {@code maxPayload}, with its wire bytes; checks
     * the length before anything else. (Records are read with {@link #whole} too, and opened where
     * they lie: {@link SecureChannel}.)
     */
    static MessageFormat<Frame> format(int maxPayload) {
        return whole(maxPayload, (type, buffer, payloadLength) -> new Frame(type,
                Arrays.copyOfRange(buffer, SecureProtocol.FRAME_HEADER, SecureProtocol.FRAME_HEADER + payloadLength),
                Arrays.copyOf(buffer, SecureProtocol.FRAME_HEADER + payloadLength)));
    }

    /** Makes a message of one whole frame, read where it lies at the start of the reader's buffer. */
    @FunctionalInterface
    interface WholeFrame<T> {
        /** @throws ProtocolException if the frame is not a message of this kind */
        T read(int type, byte[] buffer, int payloadLength) throws ProtocolException;
    }

    /**
     * A format that waits for one whole frame whose payload is at most {@code maxPayload}
     * (checked as soon as the header is in, before anything else) and then makes the message.
     */
    static <T> MessageFormat<T> whole(int maxPayload, WholeFrame<T> message) {
        return new WholeFrameFormat<>(maxPayload, message);
    }

    /**
     * {@link #whole}'s format. A class and not a lambda: every record passes through here, and a
     * lambda would be two methods (its class's and its body's), each hot, which C2 compiles
     * separately with the same record opening inlined into both (docs/performance.md, "Files").
     */
    private record WholeFrameFormat<T>(int maxPayload, WholeFrame<T> message) implements MessageFormat<T> {
        @Override
        public Attempt<T> attempt(byte[] buffer, int length) {
            if (length < SecureProtocol.FRAME_HEADER) {
                return Attempt.needMore();
            }
            int payloadLength = (buffer[1] & 0xff) << 16 | (buffer[2] & 0xff) << 8 | (buffer[3] & 0xff);
            if (payloadLength > maxPayload) {
                return Attempt.fail(new ProtocolException(Reason.OVERSIZE,
                        "a frame of " + payloadLength + " bytes is longer than the limit of " + maxPayload));
            }
            int total = SecureProtocol.FRAME_HEADER + payloadLength;
            if (length < total) {
                return Attempt.needMore();
            }
            try {
                return Attempt.complete(message.read(buffer[0] & 0xff, buffer, payloadLength), total);
            } catch (ProtocolException e) {
                return Attempt.fail(e);
            }
        }
    }

    /** Fails unless {@code frame} is of the expected type, naming both. */
    static Frame expect(Frame frame, int type, String what) throws ProtocolException {
        if (frame.type() != type) {
            throw new ProtocolException(Reason.MALFORMED,
                    "expected the " + what + " (frame type " + type + ") but got frame type " + frame.type());
        }
        return frame;
    }
}
