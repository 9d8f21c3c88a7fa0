package vpn.core.keys;

import java.io.IOException;
import java.util.Optional;

/**
 * Where the client's user key comes from. Called only when a server asks for a user, so that an
 * anonymous session never reads a key file or prompts for a passphrase.
 */
public interface IdentityLoader {

    /** A client with no user key. */
    IdentityLoader NONE = holding(null, "no identity");

    /** A key already in memory (a load tool's, a test's), or none if {@code key} is null. */
    static IdentityLoader holding(UserKey key, String location) {
        return new IdentityLoader() {
            @Override
            public Optional<UserKey> load() {
                return Optional.ofNullable(key);
            }

            @Override
            public String location() {
                return location;
            }
        };
    }

    /**
     * The key, or empty if there is none where this loader looks (no default key file).
     *
     * @throws IOException if a key is there but cannot be read (permissions, a wrong passphrase,
     *     a format we cannot read); the message is one line saying how to proceed
     */
    Optional<UserKey> load() throws IOException;

    /** Where the key is looked for, for messages: the file's path. */
    String location();
}
