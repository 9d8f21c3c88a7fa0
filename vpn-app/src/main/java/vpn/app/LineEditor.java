package vpn.app;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.TerminalBuilder;

/**
 * Line editing for a person at a terminal, on JLine 3: cursor keys, in-memory history, and lines
 * that other threads print while the user types appear above the line being edited instead of
 * through it. That last part is why a library does this: keeping an edited line intact under
 * asynchronous output means owning the terminal's raw mode, redrawing the prompt and the partial
 * line, and handling wide characters and wrapping, which is easy to get subtly wrong by hand.
 *
 * <p>The terminal is opened on the first {@link #readLine}, so commands that never read (the
 * server) never touch the terminal's modes. JLine restores them when the JVM exits.
 */
final class LineEditor {

    private LineReader reader;

    private LineEditor() {
    }

    /** An editor if standard input and output are both a terminal; empty for scripts and pipes. */
    static Optional<LineEditor> ifTerminal() {
        return standardStreamsAreTerminals() ? Optional.of(new LineEditor()) : Optional.empty();
    }

    /**
     * Whether standard input and output are a terminal. Up to Java 21 that is whether there is a
     * {@link java.io.Console}; from 22 there may be one for redirected streams too, and
     * {@code isTerminal()} (not in Java 21's API, hence the reflection) tells.
     */
    private static boolean standardStreamsAreTerminals() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = java.io.Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException java21) {
            return true;
        } catch (ReflectiveOperationException | ClassCastException e) {
            return false;
        }
    }

    /** Opens the terminal for editing, once; until then {@link #printAbove} declines. */
    synchronized void start() throws IOException {
        if (reader != null) {
            return;
        }
        // Chat lines are text, not shell commands: no quotes or escapes that ask for a continuation
        // line, no "!" history expansion, and pasted lines arrive one by one, as typed ones do.
        DefaultParser literal = new DefaultParser().quoteChars(new char[0]).escapeChars(new char[0]);
        reader = LineReaderBuilder.builder()
                .terminal(TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build())
                .appName("vpn")
                .parser(literal)
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.BRACKETED_PASTE, false)
                .build();
    }

    /** Reads one edited line after {@code prompt}; null at the end of input (Ctrl-D) or on Ctrl-C. */
    String readLine(String prompt) throws IOException {
        start();
        try {
            return reader.readLine(prompt);
        } catch (EndOfFileException | UserInterruptException end) {
            return null;
        }
    }

    /**
     * Prints {@code text} above the line being edited, and redraws it; once the terminal is open,
     * every line must go this way.
     *
     * @return false if the terminal is not open yet: the caller prints the line itself
     */
    synchronized boolean printAbove(String text) {
        if (reader == null) {
            return false;
        }
        reader.printAbove(text);
        return true;
    }

    /** Whether a line is being edited right now. */
    synchronized boolean editing() {
        return reader != null && reader.isReading();
    }
}
