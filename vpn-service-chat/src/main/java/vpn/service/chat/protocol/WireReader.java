package vpn.service.chat.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import vpn.api.service.ServiceException;

/**
 * Reads one message strictly: every field within its limits, text that is valid UTF-8, and
 * nothing left over. Every failure is a {@link ServiceException} naming the field, which the core
 * logs when a client sent it and the client reports when the server did.
 */
final class WireReader {

    private final ByteBuffer buffer;

    WireReader(byte[] message) {
        this.buffer = ByteBuffer.wrap(message);
    }

    int u8(String field) throws ServiceException {
        need(1, field);
        return buffer.get() & 0xff;
    }

    int u16(String field) throws ServiceException {
        need(2, field);
        return buffer.getShort() & 0xffff;
    }

    int u32(String field) throws ServiceException {
        need(4, field);
        return buffer.getInt();
    }

    long u64(String field) throws ServiceException {
        need(8, field);
        return buffer.getLong();
    }

    /** A count or number between {@code min} and {@code max}, in one byte. */
    int count(int min, int max, String field) throws ServiceException {
        return within(u8(field), min, max, field);
    }

    byte[] fixed(int length, String field) throws ServiceException {
        need(length, field);
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return bytes;
    }

    /** A byte string with a 16-bit length between {@code min} and {@code max}. */
    byte[] bytes(int min, int max, String field) throws ServiceException {
        return fixed(within(u16(field), min, max, field), field);
    }

    /** Text with a 16-bit length (in bytes of UTF-8) between {@code min} and {@code max}. */
    String text(int min, int max, String field) throws ServiceException {
        byte[] bytes = bytes(min, max, field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ServiceException("malformed chat message: " + field + " is not UTF-8");
        }
    }

    /** Fails unless the whole message was read. */
    void end(String message) throws ServiceException {
        if (buffer.hasRemaining()) {
            throw new ServiceException("malformed chat message: " + buffer.remaining() + " bytes after the "
                    + message);
        }
    }

    private void need(int length, String field) throws ServiceException {
        if (buffer.remaining() < length) {
            throw new ServiceException("malformed chat message: truncated in " + field);
        }
    }

    private static int within(int value, int min, int max, String field) throws ServiceException {
        if (value < min || value > max) {
            throw new ServiceException("malformed chat message: " + field + " is " + value + ", not "
                    + (min == max ? String.valueOf(min) : min + " to " + max));
        }
        return value;
    }
}
