package vpn.core.keys;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options before a key in an authorized-keys line, as OpenSSH writes them: comma-separated,
 * each a name or {@code name="value"} (a value may hold commas and spaces, and {@code \"} for a
 * quote), such as {@code restrict,permitopen="db:5432",permitopen="web:80"}. Names are
 * case-insensitive, kept lowercase; options may repeat.
 *
 * <p>Only options whose meaning we keep are accepted: those about port forwarding (for tunnels)
 * and those that forbid what this server never offers anyway. Any other, such as {@code from=}
 * or {@code command=}, restricts the key in a way we would not enforce, so its line is refused
 * rather than trusted with more than its author meant.
 *
 * @param all the options in the order written
 */
public record KeyOptions(List<Option> all) {

    public static final KeyOptions NONE = new KeyOptions(List.of());

    private static final String PERMIT_OPEN = "permitopen";
    private static final Set<String> WITH_VALUE = Set.of(PERMIT_OPEN, "permitlisten");
    private static final Set<String> FLAGS = Set.of("restrict", "port-forwarding", "no-port-forwarding",
            "no-agent-forwarding", "no-pty", "no-user-rc", "no-x11-forwarding");

    /** One option; {@code value} is absent for a flag. */
    public record Option(String name, Optional<String> value) {
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return value.map(v -> name + "=\"" + v.replace("\"", "\\\"") + "\"").orElse(name);
        }
    }

    public KeyOptions {
        all = List.copyOf(all);
    }

    /**
     * The options of {@code field}, the options field of a line (no unquoted white space in it).
     *
     * @throws IllegalArgumentException saying what is wrong: the syntax, or an option we do not support
     */
    public static KeyOptions parse(String field) {
        List<Option> options = new java.util.ArrayList<>();
        int i = 0;
        while (true) {
            int start = i;
            while (i < field.length() && (Character.isLetterOrDigit(field.charAt(i)) || field.charAt(i) == '-')) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("malformed options at '" + field.substring(start) + "'");
            }
            String name = field.substring(start, i).toLowerCase(Locale.ROOT);
            Optional<String> value = Optional.empty();
            if (i < field.length() && field.charAt(i) == '=') {
                if (i + 1 >= field.length() || field.charAt(i + 1) != '"') {
                    throw new IllegalArgumentException("the value of option '" + name + "' is not in double quotes");
                }
                StringBuilder text = new StringBuilder();
                i += 2;
                while (i < field.length() && field.charAt(i) != '"') {
                    boolean escapedQuote = field.charAt(i) == '\\' && i + 1 < field.length() && field.charAt(i + 1) == '"';
                    i += escapedQuote ? 1 : 0;
                    text.append(field.charAt(i++));
                }
                if (i >= field.length()) {
                    throw new IllegalArgumentException("the value of option '" + name + "' has no closing quote");
                }
                i++;
                value = Optional.of(text.toString());
            }
            options.add(check(new Option(name, value)));
            if (i == field.length()) {
                return new KeyOptions(options);
            }
            if (field.charAt(i) != ',' || i + 1 == field.length()) {
                throw new IllegalArgumentException("malformed options at '" + field.substring(i) + "'");
            }
            i++;
        }
    }

    private static Option check(Option option) {
        if (WITH_VALUE.contains(option.name())) {
            if (option.value().isEmpty()) {
                throw new IllegalArgumentException("option '" + option.name() + "' needs a value, as "
                        + option.name() + "=\"HOST:PORT\"");
            }
        } else if (FLAGS.contains(option.name())) {
            if (option.value().isPresent()) {
                throw new IllegalArgumentException("option '" + option.name() + "' takes no value");
            }
        } else {
            throw new IllegalArgumentException("unsupported option '" + option.name() + "' (supported: "
                    + WITH_VALUE.stream().sorted().collect(Collectors.joining(", ")) + ", "
                    + FLAGS.stream().sorted().collect(Collectors.joining(", ")) + ")");
        }
        return option;
    }

    public boolean has(String name) {
        return all.stream().anyMatch(option -> option.name().equals(name));
    }

    /** The values of every {@code name="..."}, in order. */
    public List<String> values(String name) {
        return all.stream().filter(option -> option.name().equals(name))
                .flatMap(option -> option.value().stream()).toList();
    }

    /** The {@code HOST:PORT} of every {@code permitopen}: where a tunnel of this key may go; empty for anywhere. */
    public List<String> permitOpen() {
        return values(PERMIT_OPEN);
    }

    /** OpenSSH's rule: allowed unless {@code no-port-forwarding}, or {@code restrict} without {@code port-forwarding}. */
    public boolean portForwarding() {
        return !has("no-port-forwarding") && (!has("restrict") || has("port-forwarding"));
    }

    /** Each option's name with its values in order (none for a flag), as {@link vpn.api.service.User#keyOptions()} carries them. */
    public java.util.Map<String, List<String>> asMap() {
        java.util.Map<String, List<String>> map = new java.util.LinkedHashMap<>();
        for (Option option : all) {
            List<String> values = map.computeIfAbsent(option.name(), name -> new java.util.ArrayList<>());
            option.value().ifPresent(values::add);
        }
        return map;
    }

    /** As in the file. */
    @Override
    public String toString() {
        return all.stream().map(Option::toString).collect(Collectors.joining(","));
    }
}
