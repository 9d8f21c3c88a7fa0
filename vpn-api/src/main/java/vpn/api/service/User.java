package vpn.api.service;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An authenticated user of a session: the name the server knows the key by, the key's fingerprint
 * ({@code SHA256:...}, as OpenSSH shows it) and the raw Ed25519 public key (32 bytes), which a
 * service may hand to other clients so that they can check the user's signatures end to end.
 *
 * <p>On the server, {@code keyOptions} are the options of the user's authorized-keys line, which
 * restrict what the key may do ({@code no-port-forwarding}, {@code permitopen="db:5432"}): each
 * option's lowercase name with its values in the file's order (none for a flag). A service applies
 * those about it. The client never learns them: its user has none. They count in {@link #equals},
 * so that a line whose options changed reads as another user, and the server ends the sessions of
 * the old one as it does for a removed key.
 */
public record User(String name, String keyFingerprint, byte[] publicKey, Map<String, List<String>> keyOptions) {

    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        publicKey = Objects.requireNonNull(publicKey, "publicKey").clone();
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(keyOptions, "keyOptions").forEach((option, values) -> copy.put(option, List.copyOf(values)));
        keyOptions = java.util.Collections.unmodifiableMap(copy);
    }

    /** A user whose key has no options. */
    public User(String name, String keyFingerprint, byte[] publicKey) {
        this(name, keyFingerprint, publicKey, Map.of());
    }

    /** A copy of the raw public key. */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** Whether the key's line has {@code option} (a lowercase name), with or without values. */
    public boolean hasKeyOption(String option) {
        return keyOptions.containsKey(option);
    }

    /** The values of every {@code option="..."} of the key's line, in order; empty if none. */
    public List<String> keyOptionValues(String option) {
        return keyOptions.getOrDefault(option, List.of());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof User that && name.equals(that.name) && keyFingerprint.equals(that.keyFingerprint)
                && Arrays.equals(publicKey, that.publicKey) && keyOptions.equals(that.keyOptions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, keyFingerprint, Arrays.hashCode(publicKey), keyOptions);
    }

    @Override
    public String toString() {
        return "User[" + name + ", " + keyFingerprint + "]";
    }
}
