package vpn.core.keys;

import java.util.regex.Pattern;

/**
 * What a user name may be: the comment of an authorized key, shown to other users and typed by
 * them, so short and plain. Letters, digits and {@code . _ @ -} allow e-mail-like names.
 */
public final class UserNames {

    /** The rule, for messages. */
    public static final String RULE = "1 to 32 of A-Z a-z 0-9 . _ @ -";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._@-]{1,32}");

    private UserNames() {
    }

    public static boolean valid(String name) {
        return VALID.matcher(name).matches();
    }
}
