package vpn.core.keys;

import java.util.Base64;
import java.util.regex.Pattern;
import vpn.api.service.User;

/**
 * Parses one line of an authorized-keys file, OpenSSH's {@code [OPTIONS] TYPE BASE64 COMMENT},
 * where the comment is the user's name. The options field ends at the first white space that is
 * not inside quotes; it is there when the first field is not a key type.
 */
final class AuthorizedKeyLine {

    private static final Pattern KEY_TYPE = Pattern.compile("(ssh|ecdsa-sha2|sk)-[A-Za-z0-9@._-]+");
    private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");
    private static final String NOT_A_KEY = "not '[OPTIONS] " + SshKeys.ED25519 + " KEY NAME'";

    private AuthorizedKeyLine() {
    }

    /**
     * The key on {@code line} (stripped, neither blank nor a comment), numbered {@code number}.
     *
     * @throws IllegalArgumentException saying why the line is not an ssh-ed25519 key with a valid user name
     */
    static AuthorizedKey parse(String line, int number) {
        KeyOptions options = KeyOptions.NONE;
        String rest = line;
        String first = WHITE_SPACE.split(line, 2)[0];
        if (!KEY_TYPE.matcher(first).matches()) {
            int end = optionsEnd(line);
            rest = line.substring(end).strip();
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(NOT_A_KEY);
            }
            options = KeyOptions.parse(line.substring(0, end));
        }
        String[] fields = WHITE_SPACE.split(rest, 3);
        if (!KEY_TYPE.matcher(fields[0]).matches()) {
            throw new IllegalArgumentException(NOT_A_KEY);
        }
        if (!fields[0].equals(SshKeys.ED25519)) {
            throw new IllegalArgumentException("key type '" + fields[0] + "' is not supported (only "
                    + SshKeys.ED25519 + ")");
        }
        if (fields.length < 2) {
            throw new IllegalArgumentException("no key after " + SshKeys.ED25519);
        }
        byte[] key;
        try {
            key = SshKeys.fromWire(Base64.getDecoder().decode(fields[1]));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the key is not a valid " + SshKeys.ED25519 + " key in base64");
        }
        if (fields.length < 3) {
            throw new IllegalArgumentException("no user name (the comment after the key names the user)");
        }
        String name = fields[2].strip();
        if (!UserNames.valid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a valid user name (" + UserNames.RULE + ")");
        }
        return new AuthorizedKey(new User(name, SshKeys.fingerprint(key), key, options.asMap()), options, number);
    }

    /** Where the options field ends: the first white space outside double quotes ({@code \"} does not close them). */
    private static int optionsEnd(String line) {
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && Character.isWhitespace(c)) {
                return i;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("the options have a quote that is not closed");
        }
        return line.length();
    }
}
