package vpn.api.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where a command's user is: lines in, lines out. Standard input and output in the app; scripted
 * in the demo and in tests. Output methods are thread-safe.
 */
public interface Terminal {

    /**
     * Shows {@code prompt} (when input is interactive) and reads one line without its terminator.
     *
     * @return the line, or null at the end of input
     */
    String readLine(String prompt) throws IOException;

    /**
     * Whether a person types the input as it is read (standard input and output are a terminal),
     * rather than a script: a command shows prompts only then, so that scripted output holds
     * nothing but its lines.
     */
    default boolean interactive() {
        return false;
    }

    /** One line of ordinary output (standard output). */
    void line(String text);

    /** One line of warning or error (standard error); the caller includes {@code warning: } or {@code error: }. */
    void error(String text);

    /**
     * Shows the progress of a transfer of {@code totalBytes} (-1 when unknown, as for standard
     * input) named {@code name}, on standard error, refreshed a few times a second. Shows nothing
     * where no person watches (standard error is not a terminal); commands that were told to be
     * quiet do not ask.
     */
    default Progress progress(String name, long totalBytes) {
        return Progress.NONE;
    }

    /**
     * Standard input as bytes, for commands that carry data ({@code cat file | vpn put - NAME}).
     * A command reads either lines or bytes, never both.
     *
     * @throws UnsupportedOperationException if this terminal carries no data
     */
    default InputStream dataIn() {
        throw new UnsupportedOperationException("this terminal carries no data");
    }

    /**
     * Standard output as bytes ({@code vpn get NAME -}); the command flushes it. A command that
     * writes data there writes its lines to standard error, so that the data stays intact.
     *
     * @throws UnsupportedOperationException if this terminal carries no data
     */
    default OutputStream dataOut() {
        throw new UnsupportedOperationException("this terminal carries no data");
    }
}
