package vpn.service.files.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, which every Java runtime has, and its hex form as sha256sum prints it. */
public final class Sha256 {

    private static final int READ_CHUNK = 64 * 1024;

    private Sha256() {
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The digest of nothing: what a transfer with nothing to resume names as its prefix. */
    public static byte[] empty() {
        return digest().digest();
    }

    /**
     * A digest that has taken in the first {@code length} bytes of {@code file}, read in chunks
     * (memory does not grow with the file), ready to take in the rest.
     *
     * @throws IOException if the file is shorter or cannot be read
     */
    public static MessageDigest ofPrefix(FileChannel file, long length) throws IOException {
        MessageDigest digest = digest();
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK);
        long position = 0;
        while (position < length) {
            buffer.clear().limit((int) Math.min(READ_CHUNK, length - position));
            int read = file.read(buffer, position);
            if (read < 0) {
                throw new IOException("the file is shorter than " + length + " bytes");
            }
            digest.update(buffer.flip());
            position += read;
        }
        return digest;
    }

    /** The digest so far, without ending {@code digest}. */
    public static byte[] peek(MessageDigest digest) {
        try {
            return ((MessageDigest) digest.clone()).digest();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    /**
     * The line sha256sum prints for {@code name}, which {@code sha256sum -c} checks:
     * {@code HEX  NAME}. A name with a backslash or a line break is escaped as sha256sum does it
     * (the line then starts with a backslash).
     */
    public static String line(byte[] digest, String name) {
        if (name.indexOf('\\') < 0 && name.indexOf('\n') < 0 && name.indexOf('\r') < 0) {
            return hex(digest) + "  " + name;
        }
        String escaped = name.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
        return "\\" + hex(digest) + "  " + escaped;
    }
}
