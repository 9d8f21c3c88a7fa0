package vpn.service.files.client;

import vpn.api.service.Progress;
import vpn.api.service.Terminal;

/**
 * Where a command's lines go: the checksum lines on standard output, unless the file itself goes
 * there ({@code vpn get NAME -}), when they go to standard error with everything else; progress
 * bars only when not {@code --quiet}.
 */
public final class Output {

    private final Terminal terminal;
    private final boolean quiet;

    public Output(Terminal terminal, boolean quiet) {
        this.terminal = terminal;
        this.quiet = quiet;
    }

    public Terminal terminal() {
        return terminal;
    }

    /** A file's {@code sha256sum} line; on standard error when {@code dataOnStandardOutput}. */
    void checksum(String line, boolean dataOnStandardOutput) {
        if (dataOnStandardOutput) {
            terminal.error(line);
        } else {
            terminal.line(line);
        }
    }

    public void error(String message) {
        terminal.error("error: " + message);
    }

    public void warning(String message) {
        terminal.error("warning: " + message);
    }

    Progress progress(String name, long totalBytes) {
        return quiet ? Progress.NONE : terminal.progress(name, totalBytes);
    }
}
