package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The options field on its own ({@link KeyOptions#parse}): quoted values with escaped quotes, and
 * each way a field can be cut or broken refused with its reason, never an index exception.
 * (Through a whole line, an unclosed quote is refused earlier, where the field ends.)
 */
class KeyOptionsTest {

    @Test
    void aQuotedValueKeepsCommasSpacesAndEscapedQuotes() {
        KeyOptions options = KeyOptions.parse("permitopen=\"a \\\"b\\\", c:1\",restrict,permitopen=\"\\\\x:2\"");
        // Only \" escapes: another backslash stays, as in OpenSSH.
        assertEquals(List.of("a \"b\", c:1", "\\\\x:2"), options.permitOpen());
        assertEquals(List.of(), options.values("restrict"));
        assertEquals(List.of(), options.values("no-pty"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "permitopen=\"db:5432         | the value of option 'permitopen' has no closing quote",
        "permitopen=\"db:5432\\       | the value of option 'permitopen' has no closing quote",
        "permitopen=\"db:5432\\\"     | the value of option 'permitopen' has no closing quote",
        "permitopen=\"                | the value of option 'permitopen' has no closing quote",
        "permitopen=                  | the value of option 'permitopen' is not in double quotes",
        "permitopen=db                | the value of option 'permitopen' is not in double quotes",
        "restrict,                    | malformed options at ','",
        "restrict,,no-pty             | malformed options at ',no-pty'",
        "restrict;no-pty              | malformed options at ';no-pty'",
        "permitopen=\"db:1\"x         | malformed options at 'x'"
    })
    void brokenFieldsAreRefusedWithTheReason(String field, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KeyOptions.parse(field));
        assertEquals(reason, e.getMessage());
    }
}
