package vpn.service.echo;

import java.io.IOException;
import java.util.List;
import vpn.api.service.Channel;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;

/**
 * {@code vpn client}: each line of input is one message; the server's reply is printed. Ends on
 * {@code \quit} or at the end of input, so it can be scripted; in secure mode also, with one error
 * line and exit code 1, as soon as the server ends the session or the connection breaks.
 */
public final class EchoClientCommand implements ServiceCommand {

    public static final String QUIT = "\\quit";
    public static final String PROMPT = "Enter message: ";

    @Override
    public String name() {
        return "client";
    }

    @Override
    public String service() {
        return EchoService.NAME;
    }

    @Override
    public List<String> description() {
        return List.of(
                "Connects to a server and sends each line of standard input as one encrypted message, "
                        + "printing the server's reply.",
                "Ends on \\quit or at the end of input, so it can be scripted: printf 'hello\\n' | vpn client");
    }

    @Override
    public int run(List<String> arguments, CommandContext context) throws Exception {
        Terminal terminal = context.terminal();
        if (!arguments.isEmpty()) {
            terminal.error("error: vpn client takes no arguments, not " + arguments);
            return ExitCode.USAGE;
        }
        try (Channel channel = context.connect()) {
            return converse(channel, terminal);
        }
    }

    /**
     * The conversation itself, over an established channel: {@link ExitCode#OK} after
     * {@code \quit} or the end of input.
     *
     * @throws IOException if the session ended or failed first (in secure mode also while the user
     *     is typing, see {@link Conversation}): the app prints its message as the one error line
     *     and exits with 1
     */
    public static int converse(Channel channel, Terminal terminal) throws IOException {
        return new Conversation(channel, terminal).run();
    }
}
