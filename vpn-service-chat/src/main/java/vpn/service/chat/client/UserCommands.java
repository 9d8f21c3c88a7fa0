package vpn.service.chat.client;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import vpn.api.service.ChannelException;
import vpn.api.service.Identity;
import vpn.api.service.Terminal;
import vpn.service.chat.crypto.DirectMessageCrypto;
import vpn.service.chat.crypto.SessionKeySignatures;
import vpn.service.chat.crypto.VerificationException;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.ClientMessage;
import vpn.service.chat.protocol.SealedMessage;
import vpn.service.chat.protocol.ServerMessage.Answer;
import vpn.service.chat.protocol.ServerMessage.DeliveryReport;
import vpn.service.chat.protocol.ServerMessage.Failure;
import vpn.service.chat.protocol.ServerMessage.Ok;
import vpn.service.chat.protocol.ServerMessage.UserInfo;
import vpn.service.chat.protocol.ServerMessage.UserKeys;
import vpn.service.chat.protocol.ServerMessage.Users;
import vpn.service.chat.protocol.SignedSessionKey;

/**
 * Carries out what the user typed: sends the request and says what to print when the answer
 * comes. A direct message takes two requests: the recipient's keys (waited for here, so that
 * lines go out in the order typed), then the sealed copies.
 */
final class UserCommands {

    private final Requests requests;
    private final Terminal terminal;
    private final Identity identity;
    private final KnownUsers knownUsers;
    private final DirectMessageCrypto crypto;
    private final Duration replyTimeout;

    UserCommands(Requests requests, Terminal terminal, Identity identity, KnownUsers knownUsers,
            DirectMessageCrypto crypto, Duration replyTimeout) {
        this.requests = requests;
        this.terminal = terminal;
        this.identity = identity;
        this.knownUsers = knownUsers;
        this.crypto = crypto;
        this.replyTimeout = replyTimeout;
    }

    /**
     * Carries out one input.
     *
     * @return false if it was {@code /quit}
     * @throws IOException if the session failed
     */
    boolean run(UserInput input) throws IOException {
        switch (input) {
            case UserInput.Say say -> say(say.text());
            case UserInput.ListUsers list -> {
                List<String> online = new ArrayList<>();
                requests.send(ClientMessage.ListUsers::new, answer -> {
                    switch (answer) {
                        case Users users -> {
                            online.addAll(users.names());
                            if (users.last()) {
                                terminal.line(ChatLines.online(online));
                            }
                        }
                        case Failure failure -> terminal.line(Answers.refusal(failure));
                        default -> throw Answers.unexpected(answer);
                    }
                });
            }
            case UserInput.Whois whois -> requests.send(id -> new ClientMessage.Whois(id, whois.user()), answer -> {
                switch (answer) {
                    case UserInfo user -> terminal.line(ChatLines.whois(user.name(), user.identityKey()));
                    case Failure failure -> terminal.line(Answers.refusal(failure));
                    default -> throw Answers.unexpected(answer);
                }
            });
            case UserInput.Send send -> send(send.user(), send.text());
            case UserInput.Help help -> ChatLines.help().forEach(terminal::line);
            case UserInput.Unknown unknown -> terminal.line(ChatLines.unknownCommand(unknown.command()));
            case UserInput.Misused misused -> terminal.line(ChatLines.usage(misused.usage()));
            case UserInput.Nothing nothing -> {
            }
            case UserInput.Quit quit -> {
                return false;
            }
        }
        return true;
    }

    private void say(String text) throws IOException {
        if (fits(text).isEmpty()) {
            return;
        }
        requests.send(id -> new ClientMessage.Say(id, text), answer -> {
            switch (answer) {
                case Ok ok -> {
                }
                case Failure failure -> terminal.line(Answers.refusal(failure));
                default -> throw Answers.unexpected(answer);
            }
        });
    }

    private void send(String recipient, String text) throws IOException {
        Optional<byte[]> bytes = fits(text);
        if (bytes.isEmpty()) {
            return;
        }
        switch (fetchKeys(recipient)) {
            case UserKeys keys -> seal(keys, bytes.get());
            case Failure failure -> terminal.line(Answers.refusal(failure));
            case Answer other -> throw Answers.unexpected(other);
        }
    }

    private void seal(UserKeys keys, byte[] text) throws IOException {
        String recipient = keys.name();
        Optional<byte[]> pinned = knownUsers.differentPinnedKey(recipient, keys.identityKey());
        if (pinned.isPresent()) {
            terminal.line(ChatLines.keyChanged(recipient, pinned.get(), keys.identityKey()));
            return;
        }
        String me = identity.user().name();
        List<SealedMessage> copies = new ArrayList<>();
        for (SignedSessionKey sessionKey : keys.sessionKeys()) {
            try {
                if (!SessionKeySignatures.verify(sessionKey, keys.identityKey())) {
                    throw new VerificationException("not signed by the recipient");
                }
                copies.add(crypto.seal(identity, me, recipient, sessionKey.key(), text));
            } catch (VerificationException e) {
                terminal.line(ChatLines.unsignedSessionKey(recipient));
            }
        }
        if (copies.isEmpty()) {
            terminal.line(ChatLines.notSent(recipient));
            return;
        }
        requests.send(id -> new ClientMessage.Direct(id, recipient, copies), answer -> {
            switch (answer) {
                case DeliveryReport report -> {
                    if (report.delivered() == 0) {
                        terminal.line(ChatLines.notDelivered(report.recipient()));
                    }
                }
                case Failure failure -> terminal.line(Answers.refusal(failure));
                default -> throw Answers.unexpected(answer);
            }
        });
    }

    /** Asks for the recipient's keys and waits for the answer. */
    private Answer fetchKeys(String recipient) throws IOException {
        CompletableFuture<Answer> keys = new CompletableFuture<>();
        requests.send(id -> new ClientMessage.FetchKeys(id, recipient), keys::complete);
        try {
            return keys.get(replyTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new ChannelException("the server did not answer within " + replyTimeout.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the server");
        } catch (ExecutionException e) {
            throw new IllegalStateException("completed only with a value", e);
        }
    }

    /** The text's UTF-8 if it fits in one message; else the line saying why not. */
    private Optional<byte[]> fits(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > ChatProtocol.MAX_LINE_BYTES) {
            terminal.line(ChatLines.lineTooLong(bytes.length));
            return Optional.empty();
        }
        return Optional.of(bytes);
    }
}
