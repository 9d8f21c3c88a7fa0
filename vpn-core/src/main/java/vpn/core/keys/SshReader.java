package vpn.core.keys;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads SSH's binary encodings (RFC 4251). Every read checks the length first and fails with an
 * {@link IllegalArgumentException} saying what was cut short, never reading past the end.
 */
final class SshReader {

    private final byte[] bytes;
    private int position;

    SshReader(byte[] bytes) {
        this.bytes = bytes;
    }

    int u32(String what) {
        need(4, what);
        int value = ((bytes[position] & 0xff) << 24) | ((bytes[position + 1] & 0xff) << 16)
                | ((bytes[position + 2] & 0xff) << 8) | (bytes[position + 3] & 0xff);
        position += 4;
        return value;
    }

    byte[] string(String what) {
        int length = u32(what);
        if (length < 0) {
            throw new IllegalArgumentException("the " + what + " is too long");
        }
        return raw(length, what);
    }

    String text(String what) {
        return new String(string(what), StandardCharsets.UTF_8);
    }

    byte[] raw(int length, String what) {
        need(length, what);
        byte[] value = Arrays.copyOfRange(bytes, position, position + length);
        position += length;
        return value;
    }

    private void need(int length, String what) {
        if (bytes.length - position < length) {
            throw new IllegalArgumentException("the " + what + " is cut short");
        }
    }
}
