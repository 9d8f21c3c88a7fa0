package vpn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How bin/vpn picks its Java and what it tells it, seen through a stand-in {@code java} that
 * records its arguments instead of starting a JVM.
 */
class LauncherJavaIT {

    private static final String EXIT_WAIT = "-XX:UserThreadWaitAttemptsAtExit=0";

    @TempDir
    Path temp;

    @Test
    void aJava25IsRecognisedFromItsReleaseFileAndToldNotToWaitAtExit() throws Exception {
        Path java = fakeJava("JAVA_VERSION=\"25.0.3\"\n");
        List<String> arguments = launch(java);
        assertFalse(Files.exists(java.resolve("asked-version")), "the release file answered; java -version never ran");
        assertTrue(arguments.contains(EXIT_WAIT), arguments.toString());
        assertEquals("vpn.app/vpn.app.Main", arguments.get(arguments.indexOf("--module") + 1));
        assertEquals("--version", arguments.getLast());
    }

    @Test
    void aJava21GetsNoOptionItWouldRefuse() throws Exception {
        List<String> arguments = launch(fakeJava("JAVA_VERSION=\"21.0.2\"\n"));
        assertFalse(arguments.contains(EXIT_WAIT), arguments.toString());
        assertTrue(arguments.contains("--module"), arguments.toString());
    }

    @Test
    void withoutAReleaseFileTheVersionIsAskedFromJavaItself() throws Exception {
        Path java = fakeJava(null);
        List<String> arguments = launch(java);
        assertTrue(Files.exists(java.resolve("asked-version")), "java -version ran");
        assertTrue(arguments.contains(EXIT_WAIT), "the stand-in says 25: " + arguments);
    }

    /** A Java home whose bin/java records its arguments, and answers -version with 25. */
    private Path fakeJava(String release) throws Exception {
        Path home = Files.createDirectories(temp.resolve("jdk-" + Math.abs(System.nanoTime())));
        Files.createDirectories(home.resolve("bin"));
        if (release != null) {
            Files.writeString(home.resolve("release"), release);
        }
        Path java = home.resolve("bin/java");
        Files.writeString(java, """
                #!/bin/sh
                if [ "$1" = -version ]; then
                  touch "%1$s/asked-version"
                  echo 'openjdk version "25.0.3" 2026-04-21 LTS' >&2
                  exit 0
                fi
                printf '%%s\\n' "$@" > "%1$s/arguments"
                """.formatted(home));
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));
        return home;
    }

    private static List<String> launch(Path javaHome) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Dist.LAUNCHER.toString(), "--version")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("JAVA_HOME", javaHome.toString());
        Process process = builder.start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the launcher ended");
        assertEquals(0, process.exitValue());
        return Files.readAllLines(javaHome.resolve("arguments"));
    }
}
