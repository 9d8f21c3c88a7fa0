package vpn.api.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class PrintableTest {

    @Test
    void ordinaryTextIsUnchanged() {
        String text = "hello, \u00e9t\u00e9 \u2713 \ud83d\ude00";
        assertSame(text, Printable.of(text));
    }

    @Test
    void controlsThatCouldForgeLinesOrRewriteTheTerminalAreEscaped() {
        assertEquals("a\\nNew client: 6.6.6.6:1", Printable.of("a\nNew client: 6.6.6.6:1"));
        assertEquals("\\x1b[2J\\x1b[31mred\\r\\t\\x00\\x7f\\x9b\\u2028", Printable.of("\u001b[2J\u001b[31mred\r\t\0\u007f\u009b\u2028"));
    }
}
