package vpn.core.keys;

import java.io.IOException;

/** Asks the user for a secret on the terminal, without echoing it. */
public interface SecretPrompt {

    /** Whether there is a terminal to ask on; a pipe or a file is none, and is never read for a secret. */
    boolean available();

    /**
     * Shows {@code prompt} and reads one line without echo.
     *
     * @throws IOException if there is no terminal or the input ended
     */
    char[] read(String prompt) throws IOException;

    /** The terminal of this process, through {@link java.io.Console}. */
    static SecretPrompt system() {
        return new ConsoleSecretPrompt();
    }
}
