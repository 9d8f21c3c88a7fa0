package vpn.service.echo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.api.service.Channel;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.api.service.Terminal;
import vpn.api.service.User;

/** The echo's two halves, without a network: its reply, its limits, its client's conversation. */
class EchoServiceTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void textIsReversedByCodePointAndOtherBytesByByte() {
        assertArrayEquals(utf8("Server says: olleh"), EchoReply.to(utf8("hello")));
        assertArrayEquals(utf8("Server says: \ud83d\ude00ba"), EchoReply.to(utf8("ab\ud83d\ude00")));
        assertArrayEquals(utf8("Server says: "), EchoReply.to(new byte[0]));
        byte[] binary = {(byte) 0xff, 0, 1};
        byte[] reply = EchoReply.to(binary);
        assertArrayEquals(new byte[] {1, 0, (byte) 0xff},
                java.util.Arrays.copyOfRange(reply, EchoReply.PREFIX_BYTES, reply.length));
    }

    /** A session that records what the service sends and logs. */
    private static final class RecordingSession implements ServiceSession {
        final List<byte[]> sent = new ArrayList<>();
        final List<String> logged = new ArrayList<>();

        @Override
        public void send(byte[] message) {
            sent.add(message);
        }

        @Override
        public int maxMessageBytes() {
            return 100;
        }

        @Override
        public Optional<User> user() {
            return Optional.empty();
        }

        @Override
        public String peer() {
            return "127.0.0.1:1";
        }

        @Override
        public void log(String line) {
            logged.add(line);
        }

        @Override
        public void close() {
        }

        @Override
        public void disconnect(String reason) {
        }
    }

    @Test
    void theServerHalfLogsEscapedTextAndAnswers() throws Exception {
        RecordingSession session = new RecordingSession();
        SessionHandler handler = new EchoService().open(session);
        handler.onMessage(utf8("hi\nReceived: forged"));
        handler.onMessage(new byte[] {(byte) 0xc3});
        assertEquals(List.of("Received: hi\\nReceived: forged", "Received: (1 bytes of binary data)"), session.logged);
        assertArrayEquals(utf8("Server says: degrof :devieceR\nih"), session.sent.get(0));
    }

    @Test
    void aMessageWhoseReplyCannotFitIsRefusedAtTheLimitAndNotBelow() throws Exception {
        RecordingSession session = new RecordingSession();
        SessionHandler handler = new EchoService().open(session);
        handler.onMessage(new byte[100 - EchoReply.PREFIX_BYTES]);
        assertEquals(100, session.sent.get(0).length);
        ServiceException e = assertThrows(ServiceException.class,
                () -> handler.onMessage(new byte[100 - EchoReply.PREFIX_BYTES + 1]));
        assertEquals("a message of 88 bytes is longer than the echo's 87 (its reply would not fit in one message)",
                e.getMessage());
    }

    /** A channel whose peer is the echo's own server half. */
    private static final class LoopbackChannel implements Channel {
        final Deque<byte[]> replies = new ArrayDeque<>();
        final RecordingSession server = new RecordingSession();
        final SessionHandler handler = new EchoService().open(server);

        @Override
        public void send(byte[] message) throws java.io.IOException {
            handler.onMessage(message);
            replies.add(server.sent.remove(0));
        }

        @Override
        public Optional<byte[]> receive() {
            return Optional.ofNullable(replies.poll());
        }

        @Override
        public Optional<byte[]> awaitReply(byte[] expected) {
            return receive();
        }

        @Override
        public int maxMessageBytes() {
            return 100;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void theClientSendsEachLineUntilQuitAndSkipsWhatIsTooLong() throws Exception {
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        java.io.BufferedReader input = new java.io.BufferedReader(
                new StringReader("hello\n" + "x".repeat(88) + "\nbye\n\\quit\nnever\n"));
        Terminal terminal = new Terminal() {
            @Override
            public String readLine(String prompt) throws java.io.IOException {
                return input.readLine();
            }

            @Override
            public void line(String text) {
                out.add(text);
            }

            @Override
            public void error(String text) {
                err.add(text);
            }
        };
        assertEquals(0, EchoClientCommand.converse(new LoopbackChannel(), terminal));
        assertEquals(List.of("Server says: olleh", "Server says: eyb"), out);
        assertEquals(List.of("not sent: the message is 88 bytes; one message holds at most 87"), err);
    }

    /**
     * A framed channel (as secure mode's) whose peer is the echo's server half; the test can end
     * the session from the server's side or break the connection, at any time.
     */
    private static final class FramedChannel implements Channel {
        final java.util.concurrent.BlockingQueue<Object> incoming = new java.util.concurrent.LinkedBlockingQueue<>();
        final RecordingSession server = new RecordingSession();
        final SessionHandler handler = new EchoService().open(server);
        static final Object CLOSED = new Object();

        @Override
        public boolean framed() {
            return true;
        }

        @Override
        public void send(byte[] message) throws java.io.IOException {
            handler.onMessage(message);
            incoming.add(server.sent.remove(0));
        }

        @Override
        public Optional<byte[]> receive() throws java.io.IOException {
            try {
                Object next = incoming.take();
                if (next instanceof java.io.IOException e) {
                    throw e;
                }
                return next == CLOSED ? Optional.empty() : Optional.of((byte[]) next);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public Optional<byte[]> awaitReply(byte[] expected) {
            throw new AssertionError("a framed channel's replies come through receive()");
        }

        @Override
        public int maxMessageBytes() {
            return 100;
        }

        @Override
        public void close() {
        }
    }

    /** A terminal of scripted lines, then (past the script) a person who types nothing more. */
    private static final class ScriptedTerminal implements Terminal {
        final java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        final List<String> out = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<String> err = java.util.Collections.synchronizedList(new ArrayList<>());

        ScriptedTerminal(String... script) {
            lines.addAll(List.of(script));
        }

        @Override
        public String readLine(String prompt) throws java.io.InterruptedIOException {
            try {
                return lines.take();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }

        @Override
        public void line(String text) {
            out.add(text);
        }

        @Override
        public void error(String text) {
            err.add(text);
        }
    }

    @Test
    void overAFramedChannelTheClientSendsEachLineUntilQuit() throws Exception {
        ScriptedTerminal terminal = new ScriptedTerminal("hello", "x".repeat(88), "bye", "\\quit", "never");
        assertEquals(0, EchoClientCommand.converse(new FramedChannel(), terminal));
        assertEquals(List.of("Server says: olleh", "Server says: eyb"), terminal.out);
        assertEquals(List.of("not sent: the message is 88 bytes; one message holds at most 87"), terminal.err);
    }

    /** The conversation on a thread of its own; what it ended with, or a failure if it did not end within 5 s. */
    private static Throwable conversationEnd(FramedChannel channel, ScriptedTerminal terminal, Runnable meanwhile)
            throws Exception {
        java.util.concurrent.CompletableFuture<Integer> conversation = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> {
                    try {
                        return EchoClientCommand.converse(channel, terminal);
                    } catch (java.io.IOException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                });
        meanwhile.run();
        java.util.concurrent.ExecutionException ended = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> conversation.get(5, java.util.concurrent.TimeUnit.SECONDS));
        return ended.getCause();
    }

    @Test
    void aConnectionThatBreaksWhileTheUserTypesEndsTheConversationAtOnce() throws Exception {
        FramedChannel channel = new FramedChannel();
        ScriptedTerminal terminal = new ScriptedTerminal("hello"); // and then nothing, ever
        Throwable end = conversationEnd(channel, terminal, () -> {
            while (terminal.out.isEmpty()) {
                Thread.onSpinWait();
            }
            channel.incoming.add(new java.io.IOException("the connection ended without the peer's close record"));
        });
        assertEquals("the connection ended without the peer's close record", end.getMessage());
        assertEquals(List.of("Server says: olleh"), terminal.out);
    }

    @Test
    void aServerThatEndsTheSessionWhileTheUserTypesIsSaidSo() throws Exception {
        FramedChannel channel = new FramedChannel();
        Throwable end = conversationEnd(channel, new ScriptedTerminal(), () -> channel.incoming.add(FramedChannel.CLOSED));
        assertEquals(vpn.api.service.ChannelException.class, end.getClass());
        assertEquals("the server closed the session", end.getMessage());
    }
}
