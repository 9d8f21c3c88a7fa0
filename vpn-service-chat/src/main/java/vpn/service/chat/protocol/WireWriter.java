package vpn.service.chat.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds one message, or a byte string to sign: big-endian integers, fixed-size fields and
 * byte strings with a 16-bit length. The caller has checked the values' limits.
 */
public final class WireWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

    public WireWriter u8(int value) {
        out.write(value);
        return this;
    }

    public WireWriter u16(int value) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException("not a 16-bit length: " + value);
        }
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public WireWriter u32(int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
        return this;
    }

    public WireWriter u64(long value) {
        return u32((int) (value >>> 32)).u32((int) value);
    }

    /** The bytes as they are: a field whose size the format fixes. */
    public WireWriter fixed(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** A 16-bit length, then the bytes. */
    public WireWriter bytes(byte[] bytes) {
        u16(bytes.length);
        return fixed(bytes);
    }

    /** A 16-bit length, then the text's UTF-8. */
    public WireWriter text(String text) {
        return bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }
}
