package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.testing.Mutations;

/**
 * Lines of an authorized-keys file ({@link AuthorizedKeyLine}, {@link KeyOptions},
 * {@link AuthorizedKeys}), OpenSSH's {@code [OPTIONS] ssh-ed25519 BASE64 NAME}: a line read back
 * gives its key, name and options; any other line is a key or an
 * {@link IllegalArgumentException} saying why not, and a whole file of them a directory with
 * warnings, never another exception; user names are 1 to 32 characters of the documented set.
 */
class AuthorizedKeysProperties {

    private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._@-";

    /** What a line says: the options before the key, the key, the user's name. */
    record Line(KeyOptions options, byte[] key, String name) {
        String text() {
            String keyPart = SshKeys.publicKeyLine(key, name);
            return options.all().isEmpty() ? keyPart : options + " " + keyPart;
        }

        @Override
        public String toString() {
            return text();
        }
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(seed -> UserKey.fromPrivate(seed).publicKey());
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1).ofMaxLength(32);
    }

    @Provide
    Arbitrary<KeyOptions> options() {
        Arbitrary<KeyOptions.Option> flags = Arbitraries.of("restrict", "port-forwarding", "no-port-forwarding",
                "no-agent-forwarding", "no-pty", "no-user-rc", "no-x11-forwarding")
                .map(name -> new KeyOptions.Option(name, Optional.empty()));
        // A value may hold spaces, commas and quotes (written \"); like OpenSSH's, the format cannot
        // end a value with a backslash, which would escape the closing quote.
        Arbitrary<String> values = Arbitraries.strings().withCharRange(' ', '~').withChars("é")
                .ofMaxLength(30).filter(v -> !v.endsWith("\\"));
        Arbitrary<KeyOptions.Option> permitOpen = values.map(v -> new KeyOptions.Option("permitopen", Optional.of(v)));
        return Arbitraries.oneOf(flags, permitOpen).list().ofMaxSize(5).map(KeyOptions::new);
    }

    @Provide
    Arbitrary<Line> lines() {
        return Combinators.combine(options(), keys(), names()).as(Line::new);
    }

    @Property(tries = 500)
    void aLineReadsBackAsItsKeyNameAndOptions(@ForAll("lines") Line line) {
        AuthorizedKey key = AuthorizedKeyLine.parse(line.text(), 7);
        assertArrayEquals(line.key(), key.user().publicKey());
        assertEquals(line.name(), key.user().name());
        assertEquals(SshKeys.fingerprint(line.key()), key.user().keyFingerprint());
        assertEquals(line.options(), key.options());
        assertEquals(7, key.line());
    }

    /** Option names are case-insensitive, kept lowercase. */
    @Property
    void optionNamesInAnyCase(@ForAll("options") KeyOptions options) {
        String shouted = options.all().stream()
                .map(o -> o.name().toUpperCase(java.util.Locale.ROOT) + o.toString().substring(o.name().length()))
                .collect(java.util.stream.Collectors.joining(","));
        assertEquals(options, options.all().isEmpty() ? KeyOptions.NONE : KeyOptions.parse(shouted));
    }

    @Provide
    Arbitrary<String> anyLines() {
        String alphabet = " \t\"\\,=ssh-ed25519permitopenrestrictAAAAC3Nz@._é\u2003\0#";
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(120),
                Arbitraries.strings().withChars(alphabet).ofMaxLength(60),
                Mutations.ofText(lines().map(Line::text), alphabet));
    }

    /** The contract's input: a stripped line, neither blank nor a comment. */
    @Property
    void anyLineIsAKeyOrRefusedWithAReason(@ForAll("anyLines") String text) {
        String line = text.strip();
        if (line.isEmpty() || line.startsWith("#")) {
            return;
        }
        try {
            AuthorizedKey key = AuthorizedKeyLine.parse(line, 1);
            assertTrue(UserNames.valid(key.user().name()));
            assertEquals(32, key.user().publicKey().length);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
        }
    }

    /** A file of any lines: every good line for a new name and key is a user; the rest are warnings. */
    @Property(tries = 300)
    void aFileOfAnyLinesIsReadWithWarnings(@ForAll("lineLists") List<String> lines) {
        List<String> warnings = new ArrayList<>();
        try {
            AuthorizedKeys keys = AuthorizedKeys.parse("authorized_keys", lines, warnings::add);
            assertTrue(keys.keys().size() + warnings.size() <= lines.size());
        } catch (IOException oneKeyTwoNames) {
            assertTrue(oneKeyTwoNames.getMessage().contains("give one key to two users"), oneKeyTwoNames.getMessage());
        }
    }

    @Provide
    Arbitrary<List<String>> lineLists() {
        return Arbitraries.oneOf(anyLines(), lines().map(Line::text)).list().ofMaxSize(10);
    }

    @Property
    void userNamesOfOneTo32Characters(@ForAll @IntRange(max = 35) int length, @ForAll("keys") byte[] key) {
        String line = SshKeys.publicKeyLine(key, "u".repeat(length));
        if (length >= 1 && length <= 32) {
            assertEquals("u".repeat(length), AuthorizedKeyLine.parse(line, 1).user().name());
        } else {
            assertThrows(IllegalArgumentException.class, () -> AuthorizedKeyLine.parse(line, 1));
        }
    }

    @Property
    void userNamesOfTheDocumentedCharactersOnly(@ForAll("names") String name, @ForAll char other) {
        boolean allowed = NAME_CHARS.indexOf(other) >= 0;
        String withOther = name.substring(0, Math.min(name.length(), 31)) + other;
        assertEquals(allowed, UserNames.valid(withOther), withOther);
    }
}
