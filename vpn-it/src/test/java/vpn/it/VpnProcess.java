package vpn.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A launched process whose standard output and error are collected line by line as they come,
 * so a test can wait for a line, write to its input, and always kill it at the end.
 */
final class VpnProcess implements AutoCloseable {

    private final Process process;
    private final List<String> out = new ArrayList<>();
    private final List<String> err = new ArrayList<>();
    private final List<Thread> collectors;

    private VpnProcess(Process process) {
        this.process = process;
        this.collectors = List.of(
                collect(process.inputReader(StandardCharsets.UTF_8), out),
                collect(process.errorReader(StandardCharsets.UTF_8), err));
    }

    static VpnProcess start(List<String> command, Map<String, String> environment) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return new VpnProcess(builder.start());
    }

    private Thread collect(BufferedReader reader, List<String> lines) {
        return Thread.ofVirtual().start(() -> {
            try (reader) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (this) {
                        lines.add(line);
                        notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
    }

    /** Waits for an output line matching {@code regex} and returns its match. */
    synchronized Matcher awaitLine(String regex, Duration timeout) throws InterruptedException {
        Pattern pattern = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (true) {
            for (; seen < out.size(); seen++) {
                Matcher m = pattern.matcher(out.get(seen));
                if (m.find()) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no line matching /" + regex + "/ within " + timeout
                        + "\nstdout: " + out + "\nstderr: " + err);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** For a server started with --port 0: the port from its "Listening on HOST:PORT" line. */
    int awaitListeningPort() throws InterruptedException {
        return Integer.parseInt(awaitLine("^Listening on .*:(\\d+)$", Duration.ofSeconds(20)).group(1));
    }

    /** The launched process's id (bin/vpn execs java, so it is the JVM's). */
    long pid() {
        return process.pid();
    }

    void input(String text) {
        try {
            OutputStream in = process.getOutputStream();
            in.write(text.getBytes(StandardCharsets.UTF_8));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void closeInput() throws IOException {
        process.getOutputStream().close();
    }

    /**
     * Asks the process to stop, as a service manager does: SIGTERM. Through its handle, because
     * {@link Process#destroy()} also closes our ends of its pipes, and its last lines would be lost.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    /** Waits for the process to end and returns its exit code. */
    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("still running after " + timeout + "\nstdout: " + stdout() + "\nstderr: " + stderr());
        }
        for (Thread collector : collectors) {
            collector.join(Duration.ofSeconds(5)); // the last lines, up to the end of the streams
        }
        return process.exitValue();
    }

    synchronized List<String> stdout() {
        return List.copyOf(out);
    }

    synchronized List<String> stderr() {
        return List.copyOf(err);
    }

    Optional<String> stdoutLineContaining(String fragment) {
        return stdout().stream().filter(l -> l.contains(fragment)).findFirst();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }
}
