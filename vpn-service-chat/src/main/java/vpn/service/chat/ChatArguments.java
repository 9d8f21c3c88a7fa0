package vpn.service.chat;

import java.nio.file.Path;
import java.util.List;

/**
 * The arguments of {@code vpn chat} that the app leaves to it: {@code --known-users FILE} (or
 * {@code --known-users=FILE}), where users' keys are pinned.
 */
record ChatArguments(Path knownUsers) {

    static final String KNOWN_USERS = "--known-users";

    /** The default pin file, next to the known_hosts of the core. */
    static Path defaultKnownUsers(Path home) {
        return home.resolve(".customvpn").resolve("known_users");
    }

    /**
     * @throws IllegalArgumentException with the usage error's text, for an unknown argument or a
     *     missing value
     */
    static ChatArguments parse(List<String> arguments, Path home) {
        Path knownUsers = defaultKnownUsers(home);
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.equals(KNOWN_USERS)) {
                if (i + 1 == arguments.size()) {
                    throw new IllegalArgumentException(KNOWN_USERS + " needs a FILE");
                }
                knownUsers = Path.of(arguments.get(++i));
            } else if (argument.startsWith(KNOWN_USERS + "=") && argument.length() > KNOWN_USERS.length() + 1) {
                knownUsers = Path.of(argument.substring(KNOWN_USERS.length() + 1));
            } else {
                throw new IllegalArgumentException("unknown argument '" + argument + "' (vpn chat --help lists the options)");
            }
        }
        return new ChatArguments(knownUsers);
    }
}
