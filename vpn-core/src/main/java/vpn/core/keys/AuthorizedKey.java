package vpn.core.keys;

import java.util.Objects;
import vpn.api.service.User;

/**
 * One line of an authorized-keys file: the user (the comment names them), the options before the
 * key, and the line it came from, for messages.
 */
public record AuthorizedKey(User user, KeyOptions options, int line) {

    public AuthorizedKey {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(options, "options");
    }
}
