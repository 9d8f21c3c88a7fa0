package vpn.api.service;

import java.util.Arrays;
import java.util.Objects;

/**
 * An authenticated user of a session: the name the server knows the key by, the key's fingerprint
 * ({@code SHA256:...}, as OpenSSH shows it) and the raw Ed25519 public key (32 bytes), which a
 * service may hand to other clients so that they can check the user's signatures end to end.
 */
public record User(String name, String keyFingerprint, byte[] publicKey) {

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
    }

    /** A copy of the raw public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof User that && name.equals(that.name) && keyFingerprint.equals(that.keyFingerprint)
                && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyFingerprint, Arrays.hashCode(publicKey));
    }

    @Override
    public String toString() {
        return "User[" + name + ", " + keyFingerprint + "]";
    }
}
