package vpn.service.echo;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.api.service.ExitCode;
import vpn.api.service.Printable;
import vpn.api.service.Terminal;

/**
 * The echo client's conversation: each line of input is sent as one message and its reply printed,
 * until {@code \quit} or the end of input.
 *
 * <p>Input is read on a thread of its own, one line when the conversation asks for it (so that a
 * prompt follows the reply before it). On a {@linkplain Channel#framed() framed} channel (secure
 * mode), a second thread waits for the server's messages all along, so that a server that ends the
 * session or dies while the user is typing is noticed at once: one error line, exit 1, instead of
 * a prompt that waits for a line only to fail on it. Both threads are daemons, as a blocked read of
 * standard input cannot be undone. A classic channel's replies have no framing; they are read when
 * one is due, as before, and a classic server's end shows at the next line.
 */
final class Conversation {

    /** How long a reply may take once its message is sent, as the core waits for a handshake's answers. */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(30);

    /** What the conversation waits for: the user's next line, or what came from the server. */
    private sealed interface Event {
        /** A line of input; null at the end of input. */
        record Line(String text) implements Event {
        }

        record Message(byte[] bytes) implements Event {
        }

        /** The session is over: the server closed it, or the connection failed. */
        record Ended(IOException why) implements Event {
        }
    }

    private final Channel channel;
    private final Terminal terminal;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Semaphore lineWanted = new Semaphore(0);

    Conversation(Channel channel, Terminal terminal) {
        this.channel = channel;
        this.terminal = terminal;
    }

    int run() throws IOException {
        int maxMessage = EchoReply.maxMessage(channel.maxMessageBytes());
        boolean framed = channel.framed();
        daemon("echo input", this::readLines);
        if (framed) {
            daemon("echo receiver", this::receive);
        }
        while (true) {
            lineWanted.release();
            String line = switch (next(null)) {
                case Event.Line l -> l.text();
                case Event.Message m -> throw new ChannelException("the server sent a message nobody asked for");
                case Event.Ended e -> throw e.why();
            };
            if (line == null) {
                terminal.line("");
                return ExitCode.OK;
            }
            if (line.equals(EchoClientCommand.QUIT)) {
                return ExitCode.OK;
            }
            byte[] message = line.getBytes(StandardCharsets.UTF_8);
            if (message.length > maxMessage) {
                terminal.error("not sent: the message is " + message.length
                        + " bytes; one message holds at most " + maxMessage);
                continue;
            }
            channel.send(message);
            byte[] reply = framed ? awaitMessage() : channel.awaitReply(EchoReply.to(message))
                    .orElseThrow(Conversation::closed);
            terminal.line(Printable.of(new String(reply, StandardCharsets.UTF_8)));
        }
    }

    /** The reply, from the receiving thread; no line comes meanwhile, as none was asked for. */
    private byte[] awaitMessage() throws IOException {
        return switch (next(REPLY_TIMEOUT)) {
            case Event.Message m -> m.bytes();
            case Event.Ended e -> throw e.why();
            case Event.Line l -> throw new IllegalStateException("a line was read while a reply was due");
        };
    }

    /** The next event, waiting at most {@code timeout} (null: as long as it takes). */
    private Event next(Duration timeout) throws IOException {
        try {
            Event event = timeout == null ? events.take() : events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (event == null) {
                throw new ChannelException("the server did not reply within " + timeout.toSeconds() + " s");
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private void readLines() {
        try {
            while (true) {
                lineWanted.acquire();
                String line = terminal.readLine(EchoClientCommand.PROMPT);
                events.add(new Event.Line(line));
                if (line == null) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            // the conversation is over
        } catch (IOException e) {
            events.add(new Event.Ended(e));
        }
    }

    private void receive() {
        try {
            while (true) {
                Optional<byte[]> message = channel.receive();
                if (message.isEmpty()) {
                    events.add(new Event.Ended(closed()));
                    return;
                }
                events.add(new Event.Message(message.get()));
            }
        } catch (IOException e) {
            events.add(new Event.Ended(e)); // also once the conversation is over and the channel closed: unread
        }
    }

    private static ChannelException closed() {
        return new ChannelException("the server closed the session");
    }

    private static void daemon(String name, Runnable task) {
        Thread.ofPlatform().name(name).daemon().start(task);
    }
}
