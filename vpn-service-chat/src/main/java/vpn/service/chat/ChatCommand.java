package vpn.service.chat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import vpn.api.service.Channel;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.Identity;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;
import vpn.service.chat.client.ChatClient;
import vpn.service.chat.client.ClientTiming;
import vpn.service.chat.client.KnownUsers;

/**
 * {@code vpn chat}: joins the server's chat room as the user of the key given with
 * {@code --identity}. Exit codes: 0 after {@code /quit} or the end of input, 1 if the connection
 * is lost (one error line), 2 for bad usage, 4 if the server did not authenticate the user, 5 if
 * the room did not let the session in.
 */
public final class ChatCommand implements ServiceCommand {

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public String service() {
        return ChatService.NAME;
    }

    @Override
    public List<String> description() {
        return List.of(
                "Joins the server's chat room as the user of your key: each line you type goes to everyone online.",
                "/list: who is online; /send USER MESSAGE: a direct message, encrypted and signed end to end; "
                        + "/whois USER: the user's key fingerprint; /help; /quit (or the end of input) leaves.",
                "Users' keys are pinned on first use in the file given with --known-users FILE "
                        + "(default: ~/.customvpn/known_users); a changed key is shown and no message is sent to it.",
                "Scripts: printf '/send bob hello\\n' | vpn chat waits for the server's answers before leaving.");
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws IOException {
        Terminal terminal = context.terminal();
        ChatArguments parsed;
        try {
            parsed = ChatArguments.parse(arguments, Path.of(System.getProperty("user.home")));
        } catch (IllegalArgumentException e) {
            terminal.error("error: vpn chat: " + e.getMessage());
            return ExitCode.USAGE;
        }
        KnownUsers knownUsers;
        try {
            knownUsers = KnownUsers.load(parsed.knownUsers(), terminal::line);
        } catch (IOException e) {
            terminal.error("error: cannot read " + parsed.knownUsers() + ": " + e.getMessage());
            return ExitCode.FAILURE;
        }
        try (Channel channel = context.connectQuietly()) {
            Optional<Identity> identity = channel.identity();
            if (identity.isEmpty()) {
                terminal.error("error: the server did not authenticate you as a user; vpn chat needs your key "
                        + "(--identity) in the server's authorized keys");
                return ExitCode.AUTHENTICATION;
            }
            return new ChatClient(channel, identity.get(), terminal, knownUsers, new SecureRandom(),
                    ClientTiming.DEFAULT).run();
        }
    }
}
