package vpn.core.server;

import java.util.Objects;
import java.util.Optional;
import vpn.core.keys.UserDirectory;

/**
 * Whom a server serves. Without a directory, anyone: sessions are anonymous, and services that
 * need users are refused; classic sessions too unless not {@code allowClassic} ({@code --no-classic}).
 * With one ({@code --authorized-keys}), every secure session must authenticate a user of the
 * directory, and classic sessions, which cannot, are refused unless {@code allowClassic}
 * ({@code --allow-classic}).
 */
public record UserPolicy(Optional<UserDirectory> directory, boolean allowClassic) {

    /** No users: every session is anonymous. */
    public static final UserPolicy ANONYMOUS = new UserPolicy(Optional.empty(), true);

    public UserPolicy {
        Objects.requireNonNull(directory, "directory");
    }

    /**
     * The same users, classic clients refused: they always cost two 8192-bit exponentiations, so a
     * server offering only X25519 in secure mode refuses them to do no such work for anyone.
     */
    public UserPolicy withoutClassic() {
        return new UserPolicy(directory, false);
    }

    /** Only users of {@code directory}; classic sessions (anonymous) only if {@code allowClassic}. */
    public static UserPolicy authorized(UserDirectory directory, boolean allowClassic) {
        return new UserPolicy(Optional.of(directory), allowClassic);
    }
}
