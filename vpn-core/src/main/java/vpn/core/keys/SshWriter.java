package vpn.core.keys;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds SSH's binary encodings (RFC 4251): big-endian uint32s and length-prefixed strings. */
final class SshWriter {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    SshWriter u32(int value) {
        bytes.write(value >>> 24);
        bytes.write(value >>> 16);
        bytes.write(value >>> 8);
        bytes.write(value);
        return this;
    }

    SshWriter string(byte[] value) {
        u32(value.length);
        return raw(value);
    }

    SshWriter string(String value) {
        return string(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Bytes with no length before them. */
    SshWriter raw(byte[] value) {
        bytes.writeBytes(value);
        return this;
    }

    /** OpenSSH's padding of a private section: bytes 1, 2, 3, ... up to a multiple of {@code blockSize}. */
    SshWriter padTo(int blockSize) {
        for (int pad = 1; bytes.size() % blockSize != 0; pad++) {
            bytes.write(pad);
        }
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
