package vpn.service.chat.client;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the user typed, parsed: a line for everyone, or one of the commands. */
sealed interface UserInput {

    /** A line for everyone online. */
    record Say(String text) implements UserInput {
    }

    record ListUsers() implements UserInput {
    }

    record Send(String user, String text) implements UserInput {
    }

    record Whois(String user) implements UserInput {
    }

    record Help() implements UserInput {
    }

    record Quit() implements UserInput {
    }

    /** An empty line: nothing to send. */
    record Nothing() implements UserInput {
    }

    /** A command nobody knows. */
    record Unknown(String command) implements UserInput {
    }

    /** A known command with the wrong arguments; {@code usage} says the right ones. */
    record Misused(String usage) implements UserInput {
    }

    Pattern SEND = Pattern.compile("/send\\s+(\\S+)\\s+(.+)", Pattern.DOTALL);
    Pattern WHOIS = Pattern.compile("/whois\\s+(\\S+)\\s*");

    static UserInput parse(String line) {
        if (line.isEmpty()) {
            return new Nothing();
        }
        if (!line.startsWith("/")) {
            return new Say(line);
        }
        if (line.startsWith("//")) {
            return new Say(line.substring(1));
        }
        String command = line.split("\\s", 2)[0];
        return switch (command) {
            case "/list" -> new ListUsers();
            case "/help" -> new Help();
            case "/quit" -> new Quit();
            case "/send" -> {
                Matcher m = SEND.matcher(line);
                yield m.matches() ? new Send(m.group(1), m.group(2)) : new Misused("/send USER MESSAGE");
            }
            case "/whois" -> {
                Matcher m = WHOIS.matcher(line);
                yield m.matches() ? new Whois(m.group(1)) : new Misused("/whois USER");
            }
            default -> new Unknown(command);
        };
    }
}
