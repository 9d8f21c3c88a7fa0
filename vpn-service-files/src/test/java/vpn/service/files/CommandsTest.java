package vpn.service.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import vpn.api.service.Channel;
import vpn.api.service.CommandContext;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;
import vpn.service.files.client.FilesClient.Copy;
import vpn.service.files.testing.DataTerminal;

/** Where each file goes, and the usage errors found before any connection (exit 2). */
class CommandsTest {

    @Test
    void targetsDefaultToTheBaseNameAndATrailingSlashMeansIntoTheDirectory() {
        assertEquals(List.of(new Copy("dir/a.txt", "a.txt")), CopyPlan.forPut(List.of("dir/a.txt")));
        // An explicit REMOTE without a slash is the copy's name, or a directory to go into if it is one.
        assertEquals(List.of(new Copy("a.txt", "b.txt", true)), CopyPlan.forPut(List.of("a.txt", "b.txt")));
        assertEquals(List.of(new Copy("a", "docs/a"), new Copy("b", "docs/b")), CopyPlan.forPut(List.of("a", "b", "docs")));
        assertEquals(List.of(new Copy("a", "docs/a"), new Copy("x/b", "docs/b"), new Copy("c", "docs/c")),
                CopyPlan.forPut(List.of("a", "x/b", "c", "docs/")));
        assertEquals(List.of(new Copy("-", "name")), CopyPlan.forPut(List.of("-", "name")));
        assertEquals(List.of(new Copy("docs/a.txt", "a.txt")), CopyPlan.forGet(List.of("docs/a.txt")));
        assertEquals(List.of(new Copy("a.txt", "-")), CopyPlan.forGet(List.of("a.txt", "-")));
        assertEquals(List.of(new Copy("d/a", "in/a"), new Copy("b", "in/b")), CopyPlan.forGet(List.of("d/a", "b", "in/")));
    }

    @Test
    void ambiguousOperandsAreUsageErrors() {
        assertEquals("- (standard input) needs a REMOTE name: cat file | vpn put - NAME",
                assertThrows(IllegalArgumentException.class, () -> CopyPlan.forPut(List.of("-"))).getMessage());
        assertThrows(IllegalArgumentException.class, () -> CopyPlan.forPut(List.of("-", "a", "docs")));
        assertThrows(IllegalArgumentException.class, () -> CopyPlan.forPut(List.of("-", "docs/")));
        assertThrows(IllegalArgumentException.class, () -> CopyPlan.forGet(List.of()));
        assertEquals("unknown option '--frobnicate' (vpn put --help lists the options)",
                assertThrows(IllegalArgumentException.class, () -> FilesArguments.parse(List.of("--frobnicate"),
                        Set.of(FilesArguments.FORCE), "put")).getMessage());
        FilesArguments parsed = FilesArguments.parse(List.of("-r", "--force", "-", "--", "--quiet"),
                Set.of(FilesArguments.FORCE, FilesArguments.RECURSIVE), "put");
        assertEquals(List.of("-", "--quiet"), parsed.operands());
        assertEquals(true, parsed.force() && parsed.recursive());
    }

    /** A context that must not be connected: usage errors are found first. */
    private static CommandContext offline(Terminal terminal) {
        return new CommandContext() {
            @Override
            public Channel connect() {
                throw new AssertionError("connected despite a usage error");
            }

            @Override
            public Channel connectQuietly() {
                return connect();
            }

            @Override
            public Channel connectAs(byte[] key) {
                return connect();
            }

            @Override
            public Terminal terminal() {
                return terminal;
            }
        };
    }

    private static void assertUsage(ServiceCommand command, List<String> arguments, String error) throws Exception {
        DataTerminal terminal = new DataTerminal();
        assertEquals(2, command.run(arguments, offline(terminal)));
        assertEquals(List.of(error), terminal.errors());
    }

    @Test
    void resumeWithStandardInputOrOutputIsAUsageError() throws Exception {
        assertUsage(new PutCommand(), List.of("--resume", "-", "name"),
                "error: vpn put: --resume cannot read standard input again; give a file");
        assertUsage(new GetCommand(), List.of("--resume", "name", "-"),
                "error: vpn get: --resume cannot take back what went to standard output; give a file");
        assertUsage(new LsCommand(), List.of("a", "b"), "error: vpn ls: one REMOTE_DIR at a time");
        assertUsage(new MkdirCommand(), List.of(), "error: vpn mkdir: which directory? (REMOTE_DIR is missing)");
        assertUsage(new RmCommand(), List.of("--force", "x"),
                "error: vpn rm: unknown option '--force' (vpn rm --help lists the options)");
    }
}
