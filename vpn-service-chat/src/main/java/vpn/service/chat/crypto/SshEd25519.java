package vpn.service.chat.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import vpn.service.chat.protocol.ChatProtocol;

/**
 * Ed25519 public keys as OpenSSH writes them, so that the fingerprints the chat shows are the ones
 * {@code ssh-keygen -lf} and the server show: the wire encoding ({@code string "ssh-ed25519" ||
 * string key}, each string a u32 big-endian length and the bytes) and the fingerprint
 * ({@code SHA256:} and the unpadded base64 of SHA-256 over the wire encoding).
 */
public final class SshEd25519 {

    /** The key type's name in SSH's encodings. */
    public static final String TYPE = "ssh-ed25519";

    private static final byte[] TYPE_BYTES = TYPE.getBytes(StandardCharsets.US_ASCII);
    private static final int WIRE_LENGTH = 4 + TYPE_BYTES.length + 4 + ChatProtocol.ED25519_KEY;

    private SshEd25519() {
    }

    /** The wire encoding of a raw 32-byte key. */
    public static byte[] wire(byte[] key) {
        requireKey(key);
        return ByteBuffer.allocate(WIRE_LENGTH).putInt(TYPE_BYTES.length).put(TYPE_BYTES).putInt(key.length).put(key)
                .array();
    }

    /**
     * The raw key in a wire encoding.
     *
     * @throws IllegalArgumentException unless it is exactly an {@code ssh-ed25519} key's encoding
     */
    public static byte[] fromWire(byte[] blob) {
        if (blob.length != WIRE_LENGTH) {
            throw new IllegalArgumentException("not an " + TYPE + " key (" + blob.length + " bytes)");
        }
        byte[] key = Arrays.copyOfRange(blob, WIRE_LENGTH - ChatProtocol.ED25519_KEY, WIRE_LENGTH);
        if (!Arrays.equals(wire(key), blob)) {
            throw new IllegalArgumentException("not an " + TYPE + " key");
        }
        return key;
    }

    /** OpenSSH's fingerprint of a raw key: {@code SHA256:} and unpadded base64. */
    public static String fingerprint(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(wire(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void requireKey(byte[] key) {
        if (key.length != ChatProtocol.ED25519_KEY) {
            throw new IllegalArgumentException("an Ed25519 key has " + ChatProtocol.ED25519_KEY + " bytes, not "
                    + key.length);
        }
    }
}
