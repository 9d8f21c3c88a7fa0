package vpn.service.files.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds one message of a known maximal size: big-endian integers, fixed fields, u16-length text. */
final class WireWriter {

    private final ByteBuffer out;

    WireWriter(int capacity) {
        this.out = ByteBuffer.allocate(capacity);
    }

    WireWriter u8(int value) {
        out.put((byte) value);
        return this;
    }

    WireWriter u16(int value) {
        out.putShort((short) value);
        return this;
    }

    WireWriter u32(int value) {
        out.putInt(value);
        return this;
    }

    WireWriter i64(long value) {
        out.putLong(value);
        return this;
    }

    WireWriter fixed(byte[] bytes) {
        out.put(bytes);
        return this;
    }

    WireWriter fixed(byte[] bytes, int offset, int length) {
        out.put(bytes, offset, length);
        return this;
    }

    WireWriter text(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) {
            throw new IllegalArgumentException("text of " + bytes.length + " bytes does not fit a 16-bit length");
        }
        return u16(bytes.length).fixed(bytes);
    }

    byte[] toByteArray() {
        if (out.hasRemaining()) {
            byte[] bytes = new byte[out.position()];
            out.flip().get(bytes);
            return bytes;
        }
        return out.array();
    }
}
