package vpn.service.chat.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import vpn.api.service.Terminal;

/**
 * A terminal whose input the test types, line by line or all at once, and whose output it reads:
 * each output line, and the prompts shown.
 */
public final class ScriptedTerminal implements Terminal {

    private static final long WAIT_MILLIS = 10_000;

    private final boolean interactive;
    private final BlockingQueue<Optional<String>> input = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final List<String> prompts = new ArrayList<>();

    public ScriptedTerminal(boolean interactive) {
        this.interactive = interactive;
    }

    /** A script: these lines, then the end of input. */
    public static ScriptedTerminal script(String... lines) {
        ScriptedTerminal terminal = new ScriptedTerminal(false);
        terminal.type(lines);
        terminal.endInput();
        return terminal;
    }

    public void type(String... typed) {
        for (String line : typed) {
            input.add(Optional.of(line));
        }
    }

    public void endInput() {
        input.add(Optional.empty());
    }

    @Override
    public String readLine(String prompt) {
        synchronized (this) {
            prompts.add(prompt);
        }
        try {
            Optional<String> line = input.take();
            if (line.isEmpty()) {
                input.add(line);
            }
            return line.orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public synchronized void line(String text) {
        lines.add(text);
        notifyAll();
    }

    @Override
    public synchronized void error(String text) {
        errors.add(text);
        notifyAll();
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    public synchronized List<String> errors() {
        return List.copyOf(errors);
    }

    public synchronized List<String> prompts() {
        return List.copyOf(prompts);
    }

    /** Waits until {@code count} lines are out, and returns them all. */
    public synchronized List<String> awaitLines(int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + WAIT_MILLIS;
        while (lines.size() < count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                throw new AssertionError("expected " + count + " lines within " + WAIT_MILLIS + " ms, got " + lines);
            }
            wait(left);
        }
        return List.copyOf(lines);
    }
}
