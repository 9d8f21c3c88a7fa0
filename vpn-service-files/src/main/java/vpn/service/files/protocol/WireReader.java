package vpn.service.files.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import vpn.api.service.ServiceException;

/**
 * Reads one message strictly: every field within its limits, text that is valid UTF-8, nothing
 * left over. Every failure is a {@link ServiceException} naming the field.
 */
final class WireReader {

    private final ByteBuffer buffer;

    /** The {@code length} bytes of {@code message} from {@code offset}. */
    WireReader(byte[] message, int offset, int length) {
        this.buffer = ByteBuffer.wrap(message, offset, length);
    }

    int u8(String field) throws ServiceException {
        need(1, field);
        return buffer.get() & 0xff;
    }

    int u32(String field) throws ServiceException {
        need(4, field);
        return buffer.getInt();
    }

    /** A signed 64-bit number between {@code min} and {@code max}. */
    long i64(long min, long max, String field) throws ServiceException {
        need(8, field);
        long value = buffer.getLong();
        if (value < min || value > max) {
            throw malformed(field + " is " + value + ", not " + min + " to " + max);
        }
        return value;
    }

    /** Flags: a byte in which only the bits of {@code known} may be set. */
    int flags(int known, String field) throws ServiceException {
        int flags = u8(field);
        if ((flags & ~known) != 0) {
            throw malformed(field + " has unknown bits: " + Integer.toBinaryString(flags));
        }
        return flags;
    }

    byte[] fixed(int length, String field) throws ServiceException {
        need(length, field);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /**
     * Everything left, read where it lies (a DATA message's bytes): where it begins in the
     * message; the reader is at the end afterwards.
     */
    int skipRest() {
        int start = buffer.position();
        buffer.position(buffer.limit());
        return start;
    }

    /** Text with a 16-bit length of at most {@code max} bytes of UTF-8. */
    String text(int max, String field) throws ServiceException {
        need(2, field);
        int length = buffer.getShort() & 0xffff;
        if (length > max) {
            throw malformed(field + " is " + length + " bytes, more than " + max);
        }
        byte[] bytes = fixed(length, field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw malformed(field + " is not UTF-8");
        }
    }

    boolean hasRemaining() {
        return buffer.hasRemaining();
    }

    /** Fails unless the whole message was read. */
    void end(String message) throws ServiceException {
        if (buffer.hasRemaining()) {
            throw malformed(buffer.remaining() + " bytes after the " + message);
        }
    }

    private void need(int length, String field) throws ServiceException {
        if (buffer.remaining() < length) {
            throw malformed("truncated in " + field);
        }
    }

    static ServiceException malformed(String why) {
        return new ServiceException("malformed file message: " + why);
    }
}
