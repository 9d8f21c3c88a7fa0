package vpn.api.service;

import java.util.Objects;

/**
 * An option a service adds to {@code vpn server}, such as the file service's {@code --files DIR}.
 * It appears in {@code vpn server --help} only where the service is installed.
 *
 * @param name the option as typed: {@code --} and lowercase words joined by {@code -}
 * @param paramLabel the value's label ({@code DIR}), or null for a flag that takes no value
 * @param description one sentence for the help
 */
public record ServerOption(String name, String paramLabel, String description) {

    public ServerOption {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!name.matches("--[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("an option is --lowercase-words, not " + name);
        }
    }

    /** A flag: present or not. */
    public static ServerOption flag(String name, String description) {
        return new ServerOption(name, null, description);
    }

    /** An option with a value. */
    public static ServerOption withValue(String name, String paramLabel, String description) {
        return new ServerOption(name, Objects.requireNonNull(paramLabel, "paramLabel"), description);
    }

    public boolean isFlag() {
        return paramLabel == null;
    }
}
