package vpn.app;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import vpn.api.service.Terminal;
import vpn.core.Transcript;

/**
 * The terminal: transcript lines and prompts on standard output, errors on standard error, the
 * client's messages from standard input, line by line (so sessions can be scripted). UTF-8 on
 * all three, like the protocol. Thread-safe for output.
 */
public final class Console implements Transcript, Terminal {

    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;

    public Console(Writer out, Writer err, Reader in) {
        this.out = new PrintWriter(out, true);
        this.err = new PrintWriter(err, true);
        this.in = new BufferedReader(in);
    }

    /** The process's own standard streams. */
    public static Console system() {
        return new Console(
                new java.io.OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                new java.io.OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
                new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8));
    }

    @Override
    public void line(String text) {
        synchronized (out) {
            out.println(text);
        }
    }

    /** Prints without a line break (a prompt) and flushes. */
    public void prompt(String text) {
        synchronized (out) {
            out.print(text);
            out.flush();
        }
    }

    /** Warnings go to standard error, so that standard output keeps the transcript alone. */
    @Override
    public void warning(String text) {
        error("warning: " + text);
    }

    @Override
    public void error(String text) {
        err.println(text);
    }

    /** Prints the prompt (also when input is a script, so transcripts read as the reference's) and reads a line. */
    @Override
    public String readLine(String prompt) throws IOException {
        prompt(prompt);
        return in.readLine();
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }
}
