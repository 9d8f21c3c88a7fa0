package vpn.api.service;

import java.io.IOException;

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
}
