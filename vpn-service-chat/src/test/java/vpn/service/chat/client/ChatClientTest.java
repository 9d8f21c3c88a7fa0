package vpn.service.chat.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.api.service.ChannelException;
import vpn.api.service.ExitCode;
import vpn.service.chat.ChatService;
import vpn.service.chat.crypto.SshEd25519;
import vpn.service.chat.protocol.ClientMessage;
import vpn.service.chat.protocol.SealedMessage;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage;
import vpn.service.chat.protocol.ServerMessage.Relayed;
import vpn.service.chat.protocol.ServerMessage.UserKeys;
import vpn.service.chat.server.ChatRoom;
import vpn.service.chat.server.RoomLimits;
import vpn.service.chat.testing.Loopback;
import vpn.service.chat.testing.ScriptedTerminal;
import vpn.service.chat.testing.TestUser;

/**
 * The chat client against the real room over in-memory channels: the exact lines each user sees,
 * in order, and how the client ends.
 */
class ChatClientTest {

    private static final ClientTiming TIMING = new ClientTiming(Duration.ofMinutes(10), Duration.ofSeconds(10));

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final AtomicLong now = new AtomicLong();
    private final TestUser alice = TestUser.named("alice");
    private final TestUser bob = TestUser.named("bob");
    private final TestUser carol = TestUser.named("carol");
    private ChatService service = new ChatService(new ChatRoom(RoomLimits.DEFAULT, now::get));

    /** A client chatting in the background. */
    private final class Running {
        final Loopback channel;
        final ScriptedTerminal terminal;
        final CompletableFuture<Integer> exit = new CompletableFuture<>();

        Running(TestUser user, ScriptedTerminal terminal, ClientTiming timing) throws IOException {
            this.channel = Loopback.connect(service, user);
            this.terminal = terminal;
            KnownUsers knownUsers = KnownUsers.load(knownUsers(user), terminal::line);
            ChatClient client = new ChatClient(channel, user, terminal, knownUsers, random, timing);
            Thread.ofPlatform().daemon().start(() -> {
                int code;
                try {
                    code = client.run();
                } catch (Throwable e) {
                    channel.close();
                    exit.completeExceptionally(e);
                    return;
                }
                channel.close(); // before the command returns, as ChatCommand's try-with-resources does
                exit.complete(code);
            });
        }

        int exitCode() throws Exception {
            return exit.get(10, TimeUnit.SECONDS);
        }

        Throwable failure() throws Exception {
            ExecutionException e = assertThrows(ExecutionException.class, () -> exit.get(10, TimeUnit.SECONDS));
            return e.getCause();
        }
    }

    private Path knownUsers(TestUser user) {
        return dir.resolve(user.name() + "_known_users");
    }

    private Running start(TestUser user, ScriptedTerminal terminal) throws IOException {
        return new Running(user, terminal, TIMING);
    }

    /** A user who is there until told to leave. */
    private Running present(TestUser user) throws Exception {
        Running running = start(user, new ScriptedTerminal(false));
        running.terminal.awaitLines(1);
        return running;
    }

    private static String fingerprint(TestUser user) {
        return SshEd25519.fingerprint(user.publicKey());
    }

    @Test
    void threeUsersChat() throws Exception {
        Running b = present(bob);
        Running c = present(carol);
        b.terminal.awaitLines(2);

        Running a = start(alice, ScriptedTerminal.script(
                "hello everyone", "/list", "/send bob psst, \u00e9t\u00e9", "/whois bob", "/send dave hi"));
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of(
                "* joined as alice",
                "online: alice, bob, carol",
                "bob " + fingerprint(bob),
                "error: dave is not online"), a.terminal.lines());
        assertEquals(List.of("", "", "", "", "", ""), a.terminal.prompts(), "no prompt for a script");

        assertEquals(List.of(
                "* joined as bob",
                "* carol joined",
                "* alice joined",
                "<alice> hello everyone",
                "*alice* psst, \u00e9t\u00e9",
                "* alice left"), b.terminal.awaitLines(6));

        c.terminal.type("bye bob");
        c.terminal.endInput();
        assertEquals(ExitCode.OK, c.exitCode());
        assertEquals(List.of(
                "* joined as carol",
                "* alice joined",
                "<alice> hello everyone",
                "* alice left"), c.terminal.lines(), "carol sees no direct message");
        assertEquals(List.of("<carol> bye bob", "* carol left"), b.terminal.awaitLines(8).subList(6, 8));

        b.terminal.endInput();
        assertEquals(ExitCode.OK, b.exitCode());
        assertEquals(List.of(), b.terminal.errors());

        String pin = Files.readString(knownUsers(alice));
        assertEquals("bob ssh-ed25519 " + Base64.getEncoder().encodeToString(SshEd25519.wire(bob.publicKey())) + "\n",
                pin);
        assertTrue(Files.readString(knownUsers(bob)).startsWith("alice ssh-ed25519 "), "the recipient pins the sender");
    }

    @Test
    void aScriptThatEndsAtOnceStillGetsEveryAnswer() throws Exception {
        Running a = start(alice, ScriptedTerminal.script("/send carol hi", "/list"));
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of("* joined as alice", "error: carol is not online", "online: alice"), a.terminal.lines());
    }

    @Test
    void aDirectMessageGoesToEverySessionOfTheRecipientAndNotBackToTheSender() throws Exception {
        Running b1 = present(bob);
        Running b2 = present(bob);
        Running a = start(alice, ScriptedTerminal.script("/send bob to both", "/send alice to myself"));
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of("* joined as alice", "*alice* to myself"), a.terminal.lines());
        for (Running b : List.of(b1, b2)) {
            assertEquals(List.of("* joined as bob", "* alice joined", "*alice* to both", "* alice left"),
                    b.terminal.awaitLines(4));
        }
    }

    @Test
    void aChangedKeyIsShownWithBothFingerprintsAndNothingIsSent() throws Exception {
        TestUser oldBob = bob.withAnotherKey();
        Files.writeString(knownUsers(alice), "# pinned earlier\nbob ssh-ed25519 "
                + Base64.getEncoder().encodeToString(SshEd25519.wire(oldBob.publicKey())) + "\n");
        Running b = present(bob);
        Running a = start(alice, ScriptedTerminal.script("/send bob secret", "next line"));
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of("* joined as alice",
                "warning: the key of bob has changed: pinned " + fingerprint(oldBob) + ", now " + fingerprint(bob)),
                a.terminal.lines());
        assertEquals(List.of("* joined as bob", "* alice joined", "<alice> next line", "* alice left"),
                b.terminal.awaitLines(4));
    }

    @Test
    void aRecipientDropsADirectMessageFromASenderWhoseKeyChanged() throws Exception {
        TestUser oldAlice = alice.withAnotherKey();
        Files.writeString(knownUsers(bob), "alice ssh-ed25519 "
                + Base64.getEncoder().encodeToString(SshEd25519.wire(oldAlice.publicKey())) + "\n");
        Running b = present(bob);
        Running a = start(alice, ScriptedTerminal.script("/send bob hi"));
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of("* joined as bob", "* alice joined",
                "warning: the key of alice has changed: pinned " + fingerprint(oldAlice) + ", now " + fingerprint(alice),
                "* alice left"), b.terminal.awaitLines(4));
    }

    @Test
    void aDirectMessageAlteredOnTheWayIsDroppedWithAWarningAndTheChatGoesOn() throws Exception {
        Running b = present(bob);
        b.channel.serverEdits(ChatClientTest::flipCiphertext);
        Running a = start(alice, ScriptedTerminal.script("/send bob one", "two"));
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of("* joined as bob", "* alice joined",
                "warning: a direct message from alice failed verification (altered by the server or in transit); "
                        + "it was dropped",
                "<alice> two", "* alice left"), b.terminal.awaitLines(5));
    }

    private static byte[] flipCiphertext(byte[] message) {
        try {
            if (ServerCodec.decode(message) instanceof Relayed relayed) {
                SealedMessage m = relayed.message();
                byte[] ciphertext = m.ciphertext();
                ciphertext[0] ^= 1;
                return ServerCodec.encode(new Relayed(relayed.from(), relayed.senderKey(),
                        new SealedMessage(m.recipientKey(), m.ephemeralKey(), m.nonce(), ciphertext, m.signature())));
            }
            return message;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aRecipientWhoLeavesBeforeTheMessageIsReportedNotDelivered() throws Exception {
        Running b = present(bob);
        ScriptedTerminal script = new ScriptedTerminal(false);
        Running a = start(alice, script);
        b.terminal.awaitLines(2);
        a.channel.serverEdits(message -> {
            if (decode(message) instanceof UserKeys) {
                b.channel.close(); // bob leaves between the keys and the message
            }
            return message;
        });
        script.type("/send bob are you there?");
        script.endInput();
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of("* joined as alice", "* bob left", "error: message to bob not delivered (bob left)"),
                a.terminal.lines());
    }

    private static ServerMessage decode(byte[] message) {
        try {
            return ServerCodec.decode(message);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theClientsOwnLimitsAndMistakesAreOneLineEachAndTheChatGoesOn() throws Exception {
        service = new ChatService(new ChatRoom(new RoomLimits(10, 8, 1, 3, 1000, 1 << 20), now::get));
        Running a = start(alice, ScriptedTerminal.script(
                "\u00e9".repeat(2001), "/frobnicate now", "/send bob", "/whois", "", "//not a command", "two",
                "three", "four", "/help", "/quit", "never sent"));
        assertEquals(ExitCode.OK, a.exitCode());
        List<String> expected = new ArrayList<>(List.of(
                "* joined as alice",
                "error: the line is 4002 bytes of UTF-8, more than the 4000 a message holds; it was not sent",
                "error: unknown command /frobnicate; the commands are /list, /send USER MESSAGE, /whois USER, /help, /quit",
                "error: usage: /send USER MESSAGE",
                "error: usage: /whois USER",
                "error: too many messages (at most 20 a second, 40 at once); this one was refused"));
        expected.addAll(ChatLines.help());
        List<String> lines = a.terminal.lines();
        assertEquals(expected.size(), lines.size(), lines.toString());
        assertEquals(expected.subList(0, 5), lines.subList(0, 5));
        // the refusal is printed when its answer comes, so it may come after the help lines
        assertEquals(expected.stream().sorted().toList(), lines.stream().sorted().toList());
        List<ClientMessage> says = a.channel.fromClient().stream().filter(m -> m instanceof ClientMessage.Say).toList();
        assertEquals(List.of("/not a command", "two", "three", "four"),
                says.stream().map(m -> ((ClientMessage.Say) m).text()).toList());
    }

    @Test
    void anIdleClientSendsKeepalivesAndShowsThePromptOnlyToAPerson() throws Exception {
        ScriptedTerminal person = new ScriptedTerminal(true);
        Running a = new Running(alice, person, new ClientTiming(Duration.ofMillis(20), Duration.ofSeconds(10)));
        person.awaitLines(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (a.channel.fromClient().stream().filter(m -> m instanceof ClientMessage.Keepalive).count() < 3) {
            assertTrue(System.nanoTime() < deadline, "three keepalives within 10 s");
            Thread.sleep(10);
        }
        person.endInput();
        assertEquals(ExitCode.OK, a.exitCode());
        assertEquals(List.of("* joined as alice"), person.lines(), "keepalive answers print nothing");
        assertEquals(List.of("> "), person.prompts());
    }

    @Test
    void aLostConnectionEndsTheChatWithOneFailure() throws Exception {
        Running a = present(alice);
        a.channel.breakConnection("Connection reset");
        Throwable failure = a.failure();
        assertTrue(failure instanceof ChannelException, failure.toString());
        assertEquals("lost the connection to the server: Connection reset", failure.getMessage());
        assertEquals(List.of("* joined as alice"), a.terminal.lines());
        assertEquals(List.of(), a.terminal.errors(), "the app prints the one error line");
    }

    @Test
    void aServerThatEndsTheSessionEndsTheChatWithAFailure() throws Exception {
        Running a = present(alice);
        a.channel.session().close();
        assertEquals("lost the connection to the server: Connection reset", a.failure().getMessage());
    }

    @Test
    void aRefusedJoinIsOneErrorLineAndExitCode5() throws Exception {
        service = new ChatService(new ChatRoom(new RoomLimits(1, 1, 20, 40, 1000, 1 << 20), now::get));
        present(bob);
        Running a = start(alice, ScriptedTerminal.script("hello"));
        assertEquals(ExitCode.REFUSED, a.exitCode());
        assertEquals(List.of(), a.terminal.lines());
        assertEquals(List.of("error: the chat room is full"), a.terminal.errors());
    }
}
