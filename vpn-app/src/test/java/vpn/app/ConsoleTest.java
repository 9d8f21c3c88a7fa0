package vpn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The console of scripts and pipes: plain lines in, the prompt shown anyway, nothing interactive. */
class ConsoleTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void scriptedInputIsReadLineByLineAfterThePrompt() throws Exception {
        Console console = new Console(out, err, new StringReader("hello\n\u00e9t\u00e9\n"));
        assertFalse(console.interactive());
        assertEquals("hello", console.readLine("Enter message: "));
        console.line("Server says: olleh");
        assertEquals("\u00e9t\u00e9", console.readLine(""));
        assertNull(console.readLine("> "));
        console.error("error: boom");
        assertEquals(String.join(System.lineSeparator(), "Enter message: Server says: olleh", "> "),
                out.toString());
        assertEquals("error: boom" + System.lineSeparator(), err.toString());
    }

    @Test
    void withoutATerminalThereIsNoProgressBarAndNoData() {
        Console console = new Console(out, err, new StringReader(""));
        try (vpn.api.service.Progress progress = console.progress("big.iso", 1 << 30)) {
            assertEquals(vpn.api.service.Progress.NONE, progress);
            progress.advance(1 << 20);
        }
        assertEquals("", err.toString(), "nothing drawn");
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, console::dataIn);
    }
}
