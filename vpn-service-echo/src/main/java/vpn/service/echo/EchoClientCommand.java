package vpn.service.echo;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.Printable;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;

/**
 * {@code vpn client}: each line of input is one message; the server's reply is printed. Ends on
 * {@code \quit} or at the end of input, so it can be scripted.
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

    /** The conversation itself, over an established channel. */
    public static int converse(Channel channel, Terminal terminal) throws java.io.IOException {
        int maxMessage = EchoReply.maxMessage(channel.maxMessageBytes());
        while (true) {
            String line = terminal.readLine(PROMPT);
            if (line == null) {
                terminal.line("");
                return ExitCode.OK;
            }
            if (line.equals(QUIT)) {
                return ExitCode.OK;
            }
            byte[] message = line.getBytes(StandardCharsets.UTF_8);
            if (message.length > maxMessage) {
                terminal.error("not sent: the message is " + message.length
                        + " bytes; one message holds at most " + maxMessage);
                continue;
            }
            channel.send(message);
            Optional<byte[]> reply = channel.awaitReply(EchoReply.to(message));
            if (reply.isEmpty()) {
                throw new ChannelException("the server closed the session");
            }
            terminal.line(Printable.of(new String(reply.get(), StandardCharsets.UTF_8)));
        }
    }
}
