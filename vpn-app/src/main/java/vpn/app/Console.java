package vpn.app;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;
import vpn.api.service.Progress;
import vpn.api.service.Terminal;
import vpn.core.Transcript;

/**
 * The terminal: transcript lines and prompts on standard output, errors on standard error, the
 * client's messages from standard input, line by line (so sessions can be scripted). UTF-8 on
 * all three, like the protocol. Thread-safe for output.
 *
 * <p>When a person types (standard input and output are a terminal), lines are read through a
 * {@link LineEditor}, and once it is open every output line is printed above the line being
 * edited. Scripts and pipes get plain line reading, prompts included, exactly as before.
 *
 * <p>Commands that carry data ({@code vpn put - NAME}, {@code vpn get NAME -}) read and write
 * standard input and output as bytes instead ({@link #dataIn}, {@link #dataOut}).
 */
public final class Console implements Transcript, Terminal {

    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;
    private final Optional<LineEditor> editor;
    private final Optional<StandardStreams> data;
    /** Whether standard error is a terminal, asked once when a command first shows progress; never for test consoles. */
    private final Supplier<Boolean> standardErrorIsTerminal;

    /** The process's standard input and output as bytes, for commands that carry data. */
    private record StandardStreams(InputStream in, OutputStream out) {
    }

    public Console(Writer out, Writer err, Reader in) {
        this(out, err, in, Optional.empty(), Optional.empty());
    }

    private Console(Writer out, Writer err, Reader in, Optional<LineEditor> editor, Optional<StandardStreams> data) {
        this.out = new PrintWriter(out, true);
        this.err = new PrintWriter(err, true);
        this.in = new BufferedReader(in);
        this.editor = editor;
        this.data = data;
        this.standardErrorIsTerminal = data.isEmpty() ? () -> false : memoized(StandardError::isTerminal);
    }

    private static Supplier<Boolean> memoized(Supplier<Boolean> question) {
        return new Supplier<>() {
            private Boolean answer;

            @Override
            public synchronized Boolean get() {
                if (answer == null) {
                    answer = question.get();
                }
                return answer;
            }
        };
    }

    /** The process's own standard streams; line editing if a person is at a terminal. */
    public static Console system() {
        return new Console(
                new java.io.OutputStreamWriter(new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8),
                new java.io.OutputStreamWriter(new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8),
                new InputStreamReader(new FileInputStream(FileDescriptor.in), StandardCharsets.UTF_8),
                LineEditor.ifTerminal(),
                Optional.of(new StandardStreams(new FileInputStream(FileDescriptor.in),
                        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 64 * 1024))));
    }

    /** A progress bar on standard error when it is a terminal; nothing otherwise. */
    @Override
    public Progress progress(String name, long totalBytes) {
        if (!standardErrorIsTerminal.get()) {
            return Progress.NONE;
        }
        synchronized (err) {
            err.flush();
        }
        return new TerminalProgress(name, totalBytes, StandardError.width());
    }

    @Override
    public InputStream dataIn() {
        return data.orElseThrow(() -> new UnsupportedOperationException("this console carries no data")).in();
    }

    @Override
    public OutputStream dataOut() {
        return data.orElseThrow(() -> new UnsupportedOperationException("this console carries no data")).out();
    }

    @Override
    public boolean interactive() {
        return editor.isPresent();
    }

    @Override
    public void line(String text) {
        synchronized (out) {
            if (editor.isEmpty() || !editor.get().printAbove(text)) {
                out.println(text);
            }
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

    /**
     * While a line is being edited, an error line goes above it on the terminal (standard output)
     * rather than to standard error, which would write through the edited line.
     */
    @Override
    public void error(String text) {
        if (editor.isPresent() && editor.get().editing()) {
            line(text);
        } else {
            err.println(text);
        }
    }

    /**
     * Reads a line: edited, after the prompt, when a person types; otherwise after printing the
     * prompt anyway (so transcripts of scripted input read as the reference's).
     */
    @Override
    public String readLine(String prompt) throws IOException {
        if (editor.isPresent()) {
            synchronized (out) {
                out.flush();
                editor.get().start(); // under the output lock: no line is half printed when editing begins
            }
            return editor.get().readLine(prompt);
        }
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
