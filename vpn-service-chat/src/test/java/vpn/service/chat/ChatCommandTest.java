package vpn.service.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.Channel;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.Service;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;
import vpn.service.chat.testing.Loopback;
import vpn.service.chat.testing.ScriptedTerminal;
import vpn.service.chat.testing.TestUser;

/** {@code vpn chat} as the app runs it: its arguments, its exit codes, and its discovery. */
class ChatCommandTest {

    @TempDir
    Path dir;

    private final ChatService service = new ChatService();

    private static CommandContext context(Terminal terminal, IOSupplier connect) {
        return new CommandContext() {
            @Override
            public Channel connect() throws IOException {
                return connect.get();
            }

            @Override
            public Channel connectQuietly() throws IOException {
                return connect.get();
            }

            @Override
            public Channel connectAs(byte[] ed25519PrivateKey) {
                throw new AssertionError("the chat connects as its own user");
            }

            @Override
            public Terminal terminal() {
                return terminal;
            }
        };
    }

    @FunctionalInterface
    private interface IOSupplier {
        Channel get() throws IOException;
    }

    private static Channel neverConnects() {
        throw new AssertionError("no connection for bad usage");
    }

    @Test
    void anUnknownArgumentOrAMissingFileIsAUsageErrorBeforeConnecting() throws Exception {
        ScriptedTerminal terminal = ScriptedTerminal.script();
        assertEquals(ExitCode.USAGE, new ChatCommand().run(List.of("--bogus"),
                context(terminal, ChatCommandTest::neverConnects)));
        assertEquals(ExitCode.USAGE, new ChatCommand().run(List.of("--known-users"),
                context(terminal, ChatCommandTest::neverConnects)));
        assertEquals(List.of(
                "error: vpn chat: unknown argument '--bogus' (vpn chat --help lists the options)",
                "error: vpn chat: --known-users needs a FILE"), terminal.errors());
    }

    @Test
    void theKnownUsersFileCanBeNamedEitherWay() {
        Path home = Path.of("/home/me");
        assertEquals(Path.of("/home/me/.customvpn/known_users"), ChatArguments.parse(List.of(), home).knownUsers());
        assertEquals(Path.of("pins"), ChatArguments.parse(List.of("--known-users", "pins"), home).knownUsers());
        assertEquals(Path.of("pins"), ChatArguments.parse(List.of("--known-users=pins"), home).knownUsers());
        assertThrows(IllegalArgumentException.class, () -> ChatArguments.parse(List.of("--known-users="), home));
    }

    @Test
    void aNormalLeaveIsExitCode0AndTheChannelIsClosed() throws Exception {
        Loopback channel = Loopback.connect(service, TestUser.named("alice"));
        ScriptedTerminal terminal = ScriptedTerminal.script("/list");
        Path pins = dir.resolve("known_users");
        assertEquals(ExitCode.OK, new ChatCommand().run(List.of("--known-users", pins.toString()),
                context(terminal, () -> channel)));
        assertEquals(List.of("* joined as alice", "online: alice"), terminal.lines());
        assertThrows(IOException.class, () -> channel.send(new byte[1]), "closed");
        assertTrue(Files.notExists(pins), "nobody's key was seen");
    }

    @Test
    void aConnectionLostIsAnIOExceptionForTheAppToReport() throws Exception {
        TestUser alice = TestUser.named("alice");
        Loopback channel = Loopback.connect(service, alice);
        ScriptedTerminal terminal = new ScriptedTerminal(false);
        Thread.ofVirtual().start(() -> {
            try {
                terminal.awaitLines(1);
            } catch (InterruptedException e) {
                return;
            }
            channel.breakConnection("Connection reset");
        });
        IOException e = assertThrows(IOException.class, () -> new ChatCommand().run(
                List.of("--known-users", dir.resolve("k").toString()), context(terminal, () -> channel)));
        assertEquals("lost the connection to the server: Connection reset", e.getMessage());
        assertEquals(List.of("* joined as alice"), terminal.lines());
    }

    @Test
    void bothHalvesAreFoundByTheServiceLoader() {
        Service found = ServiceLoader.load(Service.class).stream().map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("chat")).findFirst().orElseThrow();
        assertTrue(found.needsUsers());
        assertEquals(1, found.version());
        ServiceCommand command = ServiceLoader.load(ServiceCommand.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.name().equals("chat")).findFirst().orElseThrow();
        assertEquals("chat", command.service());
    }
}
