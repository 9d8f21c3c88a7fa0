package vpn.app;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Whether standard error is a terminal, and how wide. Java can tell only about standard input and
 * output ({@code System.console()}, and from JDK 22 {@code isTerminal()}), so this asks the
 * system's own tools, as JLine does: {@code test -t 2} on the inherited standard error, and
 * {@code stty size} on the controlling terminal. Anything that fails means "not a terminal".
 */
final class StandardError {

    private static final int DEFAULT_WIDTH = 80;

    private StandardError() {
    }

    static boolean isTerminal() {
        try {
            Process test = new ProcessBuilder("test", "-t", "2")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return test.waitFor(5, TimeUnit.SECONDS) && test.exitValue() == 0;
        } catch (IOException | InterruptedException | IllegalThreadStateException e) {
            return false;
        }
    }

    /** The terminal's width in columns; 80 if it cannot be told. */
    static int width() {
        try {
            Process stty = new ProcessBuilder("stty", "size")
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (stty.waitFor(5, TimeUnit.SECONDS) && stty.exitValue() == 0 && size.matches("\\d+ \\d+")) {
                int columns = Integer.parseInt(size.substring(size.indexOf(' ') + 1));
                return columns > 0 ? columns : DEFAULT_WIDTH;
            }
        } catch (IOException | InterruptedException | IllegalThreadStateException | NumberFormatException e) {
            // the default, then
        }
        return DEFAULT_WIDTH;
    }
}
