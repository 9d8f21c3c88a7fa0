package vpn.api.service;

import java.util.Objects;

/**
 * An authenticated user of a session: the name the server knows the key by, and the key's
 * fingerprint ({@code SHA256:...}).
 */
public record User(String name, String keyFingerprint) {
    public User {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
    }
}
