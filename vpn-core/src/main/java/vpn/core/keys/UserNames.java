package vpn.core.keys;

import java.util.regex.Pattern;

/**
 * What a user name may be: 1 to 32 of {@code A-Z a-z 0-9 . _ @ -}. Names come from the comments of
 * the server's authorized-keys file and are printed on every client's screen, so they are kept to
 * characters that cannot garble a terminal or be confused with chat syntax.
 */
public final class UserNames {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{1,32}");

    /** The rule, for messages. */
    public static final String RULE = "1 to 32 of A-Z a-z 0-9 . _ @ -";

    private UserNames() {
    }

    public static boolean isValid(String name) {
        return VALID.matcher(name).matches();
    }
}
