package vpn.core.keys;

import vpn.api.files.FileSafety;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import vpn.api.service.User;

/**
 * The users of a server, read from a file in OpenSSH's authorized_keys format: one key per line,
 * {@code [OPTIONS] ssh-ed25519 BASE64 NAME}, the comment naming the user. Blank lines and lines
 * starting with {@code #} are ignored.
 *
 * <p>A line that is not a usable key (malformed, another key type, no valid name, an option we do
 * not support) is skipped with a warning naming its line, as is a second line for a name already
 * taken (names compare case-insensitively, so that "Alice" cannot pass for "alice"): one bad line
 * must not lock every user out. One key under two names is an error instead, since either reading
 * of it would be a guess about who the key's holder is. Immutable; see {@link AuthorizedKeysFile}
 * for the file followed as it changes.
 */
public final class AuthorizedKeys implements UserDirectory {

    private static final String WHAT = "authorized-keys file";

    private final List<AuthorizedKey> keys;
    private final Map<String, AuthorizedKey> byKey;

    private AuthorizedKeys(List<AuthorizedKey> keys) {
        this.keys = List.copyOf(keys);
        this.byKey = new HashMap<>();
        keys.forEach(key -> byKey.put(index(key.user().publicKey()), key));
    }

    /**
     * Reads {@code file}, refusing it, like OpenSSH's StrictModes, if others may write it or its
     * directory.
     *
     * @param warnings told, one line each ({@code warning: FILE line N: REASON; the line is skipped}), of skipped lines
     * @throws IOException if the file cannot be read or is refused, or a key is under two names; one line
     */
    public static AuthorizedKeys read(Path file, Consumer<String> warnings) throws IOException {
        FileSafety.checkDirectory(file, WHAT);
        FileSafety.checkFile(file, WHAT, false);
        // Decoded leniently: a stray non-UTF-8 byte spoils its own line, not the file.
        String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        return parse(file.toString(), text.lines().toList(), warnings);
    }

    /**
     * The keys on {@code lines}, from {@code source} (named in messages).
     *
     * @throws IOException if one key is under two names; the message names both lines
     */
    public static AuthorizedKeys parse(String source, List<String> lines, Consumer<String> warnings) throws IOException {
        Map<String, AuthorizedKey> byName = new HashMap<>();
        Map<String, AuthorizedKey> byKey = new HashMap<>();
        List<AuthorizedKey> keys = new java.util.ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int number = i + 1;
            AuthorizedKey key;
            try {
                key = AuthorizedKeyLine.parse(line, number);
            } catch (IllegalArgumentException e) {
                warnings.accept("warning: " + source + " line " + number + ": " + e.getMessage() + "; the line is skipped");
                continue;
            }
            AuthorizedKey sameName = byName.get(key.user().name().toLowerCase(Locale.ROOT));
            if (sameName != null) {
                warnings.accept("warning: " + source + " line " + number + ": the user '" + sameName.user().name()
                        + "' already has a key on line " + sameName.line() + "; the line is skipped");
                continue;
            }
            AuthorizedKey sameKey = byKey.get(index(key.user().publicKey()));
            if (sameKey != null) {
                throw new IOException(source + ": lines " + sameKey.line() + " and " + number + " give one key to two "
                        + "users, '" + sameKey.user().name() + "' and '" + key.user().name()
                        + "'; a key names one user: remove one of the lines");
            }
            byName.put(key.user().name().toLowerCase(Locale.ROOT), key);
            byKey.put(index(key.user().publicKey()), key);
            keys.add(key);
        }
        return new AuthorizedKeys(keys);
    }

    /** Thread-safe and cheap: one map lookup. */
    @Override
    public Optional<User> find(byte[] publicKey) {
        return entry(publicKey).map(AuthorizedKey::user);
    }

    /** The line authorizing {@code publicKey} (its user and options), if any. */
    public Optional<AuthorizedKey> entry(byte[] publicKey) {
        return Optional.ofNullable(byKey.get(index(publicKey)));
    }

    /** Every key, in the file's order. */
    public List<AuthorizedKey> keys() {
        return keys;
    }

    public Set<User> users() {
        Set<User> users = new LinkedHashSet<>();
        keys.forEach(key -> users.add(key.user()));
        return users;
    }

    private static String index(byte[] publicKey) {
        return Base64.getEncoder().encodeToString(publicKey);
    }
}
