package vpn.service.chat.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.api.service.ExitCode;
import vpn.api.service.Identity;
import vpn.api.service.ServiceException;
import vpn.api.service.Terminal;
import vpn.service.chat.crypto.DirectMessageCrypto;
import vpn.service.chat.crypto.SessionKeyPair;
import vpn.service.chat.crypto.SessionKeySignatures;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage;
import vpn.service.chat.protocol.ServerMessage.Answer;
import vpn.service.chat.protocol.ServerMessage.Event;
import vpn.service.chat.protocol.ServerMessage.Failure;
import vpn.service.chat.protocol.ServerMessage.Ok;

/**
 * One user's chat over an established channel. It announces a fresh session key and prints
 * {@code * joined as NAME}; then three threads share the work: one reads the terminal and sends,
 * one receives and prints, one sends the keepalive. The chat ends when input ends (or
 * {@code /quit}) and every request has its answer, or when the connection fails, whichever is
 * first; the reading threads are daemons, as a blocked read of standard input cannot be undone.
 */
public final class ChatClient {

    /** The announcement's request id; later requests count from 1. */
    private static final int ANNOUNCE_ID = 0;

    private final Channel channel;
    private final Identity identity;
    private final Terminal terminal;
    private final KnownUsers knownUsers;
    private final SecureRandom random;
    private final ClientTiming timing;
    private final CompletableFuture<Integer> ended = new CompletableFuture<>();

    public ChatClient(Channel channel, Identity identity, Terminal terminal, KnownUsers knownUsers,
            SecureRandom random, ClientTiming timing) {
        this.channel = channel;
        this.identity = identity;
        this.terminal = terminal;
        this.knownUsers = knownUsers;
        this.random = random;
        this.timing = timing;
    }

    /**
     * Chats until the end of input.
     *
     * @return {@link ExitCode#OK} after a normal leave, {@link ExitCode#REFUSED} (with one error
     *     line) if the server did not let this session in
     * @throws IOException if the connection failed or the server broke the protocol: the app
     *     prints its message as the one error line and exits with 1
     */
    public int run() throws IOException {
        if (channel.maxMessageBytes() < ChatProtocol.MAX_MESSAGE_BYTES) {
            throw new ChannelException("the chat needs messages of " + ChatProtocol.MAX_MESSAGE_BYTES
                    + " bytes; this session carries " + channel.maxMessageBytes());
        }
        String me = identity.user().name();
        SessionKeyPair sessionKey = SessionKeyPair.generate(random);
        Thread keepalive = null;
        try {
            Optional<Failure> refused = announce(sessionKey);
            if (refused.isPresent()) {
                terminal.error(ChatLines.refused(refused.get().reason(), me));
                return ExitCode.REFUSED;
            }
            terminal.line(ChatLines.joinedAs(me));
            DirectMessageCrypto crypto = new DirectMessageCrypto(random);
            Requests requests = new Requests(channel, ANNOUNCE_ID + 1);
            RoomEvents events = new RoomEvents(terminal, knownUsers, crypto, sessionKey, me);
            UserCommands commands = new UserCommands(requests, terminal, identity, knownUsers, crypto,
                    timing.replyTimeout());
            daemon("chat receiver", () -> receive(requests, events));
            daemon("chat input", () -> readInput(commands, requests));
            keepalive = daemon("chat keepalive", () -> keepAlive(requests));
            return ended.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e;
        } finally {
            if (keepalive != null) {
                keepalive.interrupt();
            }
            sessionKey.destroy();
        }
    }

    /** Sends the signed session key and waits for the server's answer: empty if the session joined. */
    private Optional<Failure> announce(SessionKeyPair sessionKey) throws IOException {
        channel.send(ClientCodec.encode(new ClientMessage.Announce(ANNOUNCE_ID,
                SessionKeySignatures.sign(identity, sessionKey.publicKey()))));
        byte[] reply = channel.awaitReply(new byte[0])
                .orElseThrow(() -> new ChannelException("the server ended the session before the chat began"));
        ServerMessage answer = decode(reply);
        return switch (answer) {
            case Ok ok when ok.requestId() == ANNOUNCE_ID -> Optional.empty();
            case Failure failure when failure.requestId() == ANNOUNCE_ID -> Optional.of(failure);
            default -> throw new ChannelException("the server broke the chat protocol: it answered the session key with "
                    + answer.getClass().getSimpleName());
        };
    }

    private void receive(Requests requests, RoomEvents events) {
        try {
            while (!ended.isDone()) {
                Optional<byte[]> message = channel.receive();
                if (message.isEmpty()) {
                    ended.completeExceptionally(new ChannelException("the server ended the chat"));
                    return;
                }
                switch (decode(message.get())) {
                    case Answer answer -> requests.answer(answer);
                    case Event event -> events.show(event);
                }
            }
        } catch (ChannelException e) {
            ended.completeExceptionally(e);
        } catch (IOException e) {
            ended.completeExceptionally(new ChannelException("lost the connection to the server: " + e.getMessage(), e));
        } catch (RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }

    private void readInput(UserCommands commands, Requests requests) {
        try {
            String prompt = terminal.interactive() ? "> " : "";
            String line;
            while ((line = terminal.readLine(prompt)) != null && commands.run(UserInput.parse(line))) {
                // each line is carried out as it comes
            }
            int unanswered = requests.awaitAnswers(timing.replyTimeout());
            if (unanswered > 0) {
                ended.completeExceptionally(new ChannelException("the server did not answer " + unanswered
                        + (unanswered == 1 ? " request" : " requests") + " within " + timing.replyTimeout().toSeconds()
                        + " s"));
                return;
            }
            ended.complete(ExitCode.OK);
        } catch (InterruptedException e) {
            ended.completeExceptionally(new InterruptedIOException("interrupted"));
        } catch (IOException | RuntimeException e) {
            ended.completeExceptionally(e);
        }
    }

    private void keepAlive(Requests requests) {
        try {
            while (true) {
                Thread.sleep(timing.keepalive());
                requests.send(ClientMessage.Keepalive::new, answer -> {
                    if (!(answer instanceof Ok)) {
                        throw Answers.unexpected(answer);
                    }
                });
            }
        } catch (InterruptedException | IOException stopped) {
            // the chat ended; a failed connection is the receiver's to report
        }
    }

    private static ServerMessage decode(byte[] message) throws ChannelException {
        try {
            return ServerCodec.decode(message);
        } catch (ServiceException e) {
            throw new ChannelException("the server broke the chat protocol: " + e.getMessage(), e);
        }
    }

    private static Thread daemon(String name, Runnable task) {
        return Thread.ofPlatform().name(name).daemon().start(task);
    }
}
