package vpn.service.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.Channel;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;
import vpn.service.chat.crypto.SshEd25519;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage.Said;
import vpn.service.chat.server.ChatRoom;
import vpn.service.chat.server.RoomLimits;
import vpn.service.chat.testing.Loopback;
import vpn.service.chat.testing.ScriptedTerminal;
import vpn.service.chat.testing.TestUser;

/**
 * {@code vpn chat-bench} as the app runs it: the keys it prepares, and a whole load against the
 * real room over in-memory channels, every delivery counted and a stalled user dropped.
 */
class ChatBenchCommandTest {

    /** The room's limits, but a queue of 10 messages, so that a stalled session overflows within a short load. */
    private static final RoomLimits SMALL_QUEUES = new RoomLimits(500, 8, 20, 40, 10, 1 << 20);

    @TempDir
    Path dir;

    /**
     * Connects as the users of the prepared keys, named as the server would name them (by the
     * comment of their authorized_keys line); the sessions of the {@code stalled} users stop taking
     * messages after their first line, as a client that stops reading does.
     */
    private final class Server implements CommandContext {
        final ChatService service;
        final Terminal terminal = new ScriptedTerminal(false);
        final Map<String, String> names = new HashMap<>();
        final Set<String> stalled;
        final List<Loopback> connected = new ArrayList<>();

        Server(RoomLimits limits, Set<String> stalled) throws IOException {
            this.service = new ChatService(new ChatRoom(limits, System::nanoTime));
            this.stalled = stalled;
            for (String line : Files.readAllLines(dir.resolve("authorized_keys"))) {
                String[] fields = line.split(" ");
                names.put(HexFormat.of().formatHex(SshEd25519.fromWire(Base64.getDecoder().decode(fields[1]))),
                        fields[2]);
            }
        }

        @Override
        public Channel connectAs(byte[] privateKey) throws IOException {
            byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
            String name = names.get(HexFormat.of().formatHex(publicKey));
            Loopback channel = Loopback.connect(service, TestUser.withKey(name, privateKey));
            if (stalled.contains(name)) {
                channel.serverEdits(message -> {
                    if (decode(message) instanceof Said) {
                        channel.session().stall();
                    }
                    return message;
                });
            }
            synchronized (connected) {
                connected.add(channel);
            }
            return channel;
        }

        @Override
        public Channel connect() {
            throw new AssertionError("the load connects as its users");
        }

        @Override
        public Channel connectQuietly() {
            throw new AssertionError("the load connects as its users");
        }

        @Override
        public Terminal terminal() {
            return terminal;
        }

        ScriptedTerminal output() {
            return (ScriptedTerminal) terminal;
        }
    }

    private static Object decode(byte[] message) {
        try {
            return ServerCodec.decode(message);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private int run(CommandContext context, String... arguments) throws Exception {
        return new ChatBenchCommand().run(List.of(arguments), context);
    }

    private int prepare(int users, ScriptedTerminal terminal) throws Exception {
        CommandContext noServer = new CommandContext() {
            @Override
            public Channel connect() {
                throw new AssertionError("--prepare connects to no server");
            }

            @Override
            public Channel connectQuietly() {
                throw new AssertionError("--prepare connects to no server");
            }

            @Override
            public Channel connectAs(byte[] ed25519PrivateKey) {
                throw new AssertionError("--prepare connects to no server");
            }

            @Override
            public Terminal terminal() {
                return terminal;
            }
        };
        return run(noServer, "--prepare", dir.toString(), "--users", String.valueOf(users));
    }

    @Test
    void prepareWritesTheServersAuthorizedKeysAndTheUsersPrivateKeysOwnerOnly() throws Exception {
        ScriptedTerminal terminal = new ScriptedTerminal(false);
        Files.writeString(dir.resolve("authorized_keys"), "");
        assertEquals(ExitCode.USAGE, prepare(3, terminal), "never overwrites");
        assertEquals(List.of("error: vpn chat-bench: " + dir.resolve("authorized_keys")
                + " exists; it is kept; remove it, or prepare another folder"), terminal.errors());
        Files.delete(dir.resolve("authorized_keys"));

        assertEquals(ExitCode.OK, prepare(3, terminal));
        assertEquals("Next, start a server with these users, then load it:", terminal.lines().get(1));
        List<String> authorized = Files.readAllLines(dir.resolve("authorized_keys"));
        List<String> seeds = Files.readAllLines(dir.resolve("bench-keys"), StandardCharsets.US_ASCII);
        assertEquals(3, authorized.size());
        assertEquals(3, seeds.size());
        for (int i = 0; i < 3; i++) {
            String[] fields = authorized.get(i).split(" ");
            assertEquals("ssh-ed25519", fields[0]);
            assertEquals("bench000" + (i + 1), fields[2]);
            byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(HexFormat.of().parseHex(seeds.get(i)), 0, publicKey, 0);
            assertEquals(HexFormat.of().formatHex(publicKey),
                    HexFormat.of().formatHex(SshEd25519.fromWire(Base64.getDecoder().decode(fields[1]))),
                    "line " + (i + 1) + " of each file is one user");
        }
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("bench-keys"))));
        }
    }

    @Test
    void everyDeliveryIsCountedAndTheStalledUserIsDropped() throws Exception {
        prepare(6, new ScriptedTerminal(false));
        // Keys in file order: 3 active users (bench0001-3), 2 idle (bench0004-5, 2 sessions each), 1 stalled.
        Server server = new Server(SMALL_QUEUES, Set.of("bench0006"));
        int exit = run(server, "--keys", dir.toString(), "--users", "3", "--idle", "2", "--idle-sessions", "2",
                "--stalled", "1", "--rate", "20", "--duration", "1");
        List<String> lines = server.output().lines();
        assertEquals(ExitCode.OK, exit, lines.toString());
        String bench = lines.get(lines.size() - 1);
        assertTrue(bench.startsWith("BENCH {\"tool\":\"chat-bench\",\"users\":6,\"sessions\":8,\"active\":3,\"idle\":2,"
                + "\"idle_sessions\":2,\"stalled\":1,\"rate\":20,\"duration_s\":1,\"size\":64,\"sent\":20,\"accepted\":20,"
                + "\"deliveries_expected\":120,\"deliveries\":120,"), bench);
        assertTrue(bench.contains("\"stalled_disconnected\":1,\"errors\":0,"), bench);
        assertTrue(lines.contains("deliveries expected          120 (20 x 6 reading sessions)"), lines.toString());
        assertEquals(List.of(), server.output().errors());
        assertEquals(8, server.connected.size());
        assertTrue(server.connected.stream().allMatch(c -> c.session().logged().stream()
                .anyMatch(l -> l.contains(" left ("))), "every session left the room at the end");
    }

    @Test
    void aRoomThatRefusesSessionsStopsTheLoadBeforeItStarts() throws Exception {
        prepare(4, new ScriptedTerminal(false));
        Server server = new Server(new RoomLimits(3, 8, 20, 40, 1000, 1 << 20), Set.of());
        assertEquals(ExitCode.REFUSED, run(server, "--keys", dir.toString(), "--users", "4"));
        assertEquals(List.of("error: vpn chat-bench: 1 of 4 sessions could not join: 1 refused (the room is full: "
                + "a room holds " + vpn.service.chat.protocol.ChatProtocol.MAX_USERS
                + " users; --idle-sessions gives idle users more sessions each)"),
                server.output().errors());
        assertTrue(server.connected.stream().map(c -> c.session().logged())
                .allMatch(log -> log.stream().noneMatch(l -> l.contains(" joined ("))
                        || log.stream().anyMatch(l -> l.contains(" left ("))),
                "the sessions that joined were closed");
    }

    @Test
    void tooFewKeysIsAUsageError() throws Exception {
        prepare(2, new ScriptedTerminal(false));
        Server server = new Server(RoomLimits.DEFAULT, Set.of());
        assertEquals(ExitCode.USAGE, run(server, "--keys", dir.toString(), "--users", "2", "--idle", "1"));
        assertEquals(List.of("error: vpn chat-bench: " + dir.resolve("bench-keys") + " holds 2 keys; 2 active, 1 idle "
                + "and 0 stalled users need 3 (vpn chat-bench --prepare DIR --users 3)"), server.output().errors());
        assertEquals(List.of(), server.connected);
    }

    @Test
    void theCommandIsFoundByTheServiceLoader() {
        ServiceCommand command = ServiceLoader.load(ServiceCommand.class).stream().map(ServiceLoader.Provider::get)
                .filter(c -> c.name().equals("chat-bench")).findFirst().orElseThrow();
        assertEquals("chat", command.service());
    }
}
