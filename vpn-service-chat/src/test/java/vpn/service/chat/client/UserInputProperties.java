package vpn.service.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import vpn.testing.Mutations;
import vpn.testing.Unicode;

/**
 * What a typed line means ({@link UserInput}, docs/chat-protocol.md "What the user sees"): any
 * line at all is parsed, never an exception; a line that does not start with {@code /} is said
 * as it is, and {@code //} says one {@code /} less; {@code /send USER MESSAGE} and
 * {@code /whois USER} give back their user and message whatever the spaces between them.
 */
class UserInputProperties {

    /** White space as the commands split on it (ASCII, as Java's {@code \s}). */
    private static final String SPACE = " \t";
    private static final Set<String> COMMANDS = Set.of("/list", "/help", "/quit", "/send", "/whois");

    @Provide
    Arbitrary<String> anyLines() {
        String alphabet = "/ \t\nsendwhoislistquithelpbob\u2003\u00e9\0";
        Arbitrary<String> commands = Arbitraries.of("/send bob hello", "/whois bob", "/list", "/help", "/quit", "//x");
        return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(40), Unicode.strings(40),
                Arbitraries.strings().withChars(alphabet).ofMaxLength(30), Mutations.ofText(commands, alphabet));
    }

    @Property
    void anyLineMeansOneThing(@ForAll("anyLines") String line) {
        UserInput input = UserInput.parse(line);
        if (line.isEmpty()) {
            assertEquals(new UserInput.Nothing(), input);
        } else if (!line.startsWith("/")) {
            assertEquals(new UserInput.Say(line), input);
        } else if (line.startsWith("//")) {
            assertEquals(new UserInput.Say(line.substring(1)), input);
        } else if (input instanceof UserInput.Unknown unknown) {
            assertTrue(line.startsWith(unknown.command()) && !COMMANDS.contains(unknown.command()), unknown.command());
        } else {
            assertTrue(COMMANDS.stream().anyMatch(line::startsWith), line);
        }
    }

    /** A user name as typed: no white space the command splits on. */
    @Provide
    Arbitrary<String> users() {
        return Unicode.strings(12).map(u -> u.replaceAll("\\s", "")).filter(u -> !u.isEmpty());
    }

    @Provide
    Arbitrary<String> spaces() {
        return Arbitraries.strings().withChars(SPACE).ofMinLength(1).ofMaxLength(3);
    }

    @Property
    void sendGivesItsUserAndMessage(@ForAll("users") String user, @ForAll("anyLines") String message,
            @ForAll("spaces") String before, @ForAll("spaces") String between) {
        // The message starts after the spaces that follow the user.
        Assume.that(!message.isEmpty() && !Character.toString(message.codePointAt(0)).matches("\\s"));
        assertEquals(new UserInput.Send(user, message), UserInput.parse("/send" + before + user + between + message));
    }

    @Property
    void whoisGivesItsUser(@ForAll("users") String user, @ForAll("spaces") String before, @ForAll boolean trailing) {
        assertEquals(new UserInput.Whois(user), UserInput.parse("/whois" + before + user + (trailing ? " " : "")));
    }

    @Property
    void aLineStartingWithTwoSlashesIsSaidWithOneLess(@ForAll("anyLines") String rest) {
        assertEquals(new UserInput.Say("/" + rest), UserInput.parse("//" + rest));
    }
}
