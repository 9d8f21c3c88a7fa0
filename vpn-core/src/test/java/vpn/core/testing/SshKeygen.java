package vpn.core.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** OpenSSH's own {@code ssh-keygen}, to check that our files and theirs read the same both ways. */
public final class SshKeygen {

    private static final Path PROGRAM = Path.of("/usr/bin/ssh-keygen");

    private SshKeygen() {
    }

    /** Skips the calling test where ssh-keygen is not installed. */
    public static void assumeInstalled() {
        assumeTrue(Files.isExecutable(PROGRAM), "no " + PROGRAM);
    }

    /** Runs ssh-keygen with no input, asserts that it succeeded, and returns its output lines (both streams). */
    public static List<String> run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROGRAM.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), String.join(" ", command) + ": " + output);
        return output.lines().toList();
    }

    /** The fingerprint {@code ssh-keygen -lf} shows for a key file (private or public) or a known_hosts file. */
    public static String fingerprint(Path file) throws IOException, InterruptedException {
        return run("-lf", file.toString()).get(0).split(" ")[1];
    }
}
