package vpn.core.keys;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.OpenSSHPublicKeyUtil;

/**
 * Ed25519 public keys as OpenSSH writes them: the SSH wire encoding ({@code string "ssh-ed25519"
 * || string key}), the one-line text form ({@code ssh-ed25519 BASE64 COMMENT}) and the
 * fingerprint ({@code SHA256:} + unpadded base64 of SHA-256 over the wire encoding), so that
 * {@code ssh-keygen -lf} shows the same fingerprint as we do. Encoding and decoding are Bouncy
 * Castle's OpenSSH utilities.
 */
public final class SshKeys {

    /** The key type name in SSH's encodings. */
    public static final String ED25519 = "ssh-ed25519";

    private SshKeys() {
    }

    /** The SSH wire encoding of a raw 32-byte Ed25519 public key. */
    public static byte[] wire(byte[] publicKey) {
        try {
            return OpenSSHPublicKeyUtil.encodePublicKey(new Ed25519PublicKeyParameters(publicKey, 0));
        } catch (IOException e) {
            throw new IllegalStateException("Bouncy Castle encodes every Ed25519 key", e);
        }
    }

    /**
     * The raw Ed25519 public key in an SSH wire encoding.
     *
     * @throws IllegalArgumentException if it is malformed or another type of key (RSA, ECDSA)
     */
    public static byte[] fromWire(byte[] blob) {
        AsymmetricKeyParameter key;
        try {
            key = OpenSSHPublicKeyUtil.parsePublicKey(blob);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an SSH public key we can read (only " + ED25519 + ")");
        }
        if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
            throw new IllegalArgumentException("not an " + ED25519 + " key (only " + ED25519 + ")");
        }
        return ed25519.getEncoded();
    }

    /** {@code ssh-ed25519 BASE64} and, if not empty, a space and the comment. */
    public static String publicKeyLine(byte[] publicKey, String comment) {
        String line = ED25519 + " " + Base64.getEncoder().encodeToString(wire(publicKey));
        return comment.isEmpty() ? line : line + " " + comment;
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and the unpadded base64 of SHA-256 over the wire encoding. */
    public static String fingerprint(byte[] publicKey) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(wire(publicKey)));
    }

    /**
     * The fingerprint of releases before 0.2, over the raw 32 bytes instead of the wire encoding;
     * still accepted in {@code --server-key} for one release.
     */
    public static String legacyFingerprint(byte[] publicKey) {
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(sha256(publicKey));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
