package vpn.app;

import jakarta.inject.Inject;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vpn.core.Printable;
import vpn.core.ProtocolException;
import vpn.core.client.ClientSession;
import vpn.core.client.VpnClient;

/** {@code vpn client}: sends each input line as a message and prints the server's reply. */
@Command(name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Connects to a server and sends each line of standard input as one encrypted message, "
                    + "printing the server's reply.",
            "Ends on \\quit or at the end of input, so it can be scripted: printf 'hello\\n' | vpn client",
            "Uses secure mode when the server offers it (pinning the server's key on first use) and "
                    + "the classic protocol otherwise, unless --require-secure or a pinned key forbids it."
        })
final class ClientCommand implements Callable<Integer> {

    static final String QUIT = "\\quit";
    static final String PROMPT = "Enter message: ";

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    CipherFilterOption cipherFilter;

    @Mixin
    ClientSecurityOptions security;

    private final Console console;
    private final SessionFactory sessions;

    @Inject
    ClientCommand(Console console, SessionFactory sessions) {
        this.console = console;
        this.sessions = sessions;
    }

    @Override
    public Integer call() throws IOException {
        endpoint.validate();
        VpnClient client = sessions.client(cipherFilter.apply(sessions.registry()), security.toSecurity());
        try (ClientSession session = client.connect(endpoint.host, endpoint.port, console)) {
            while (true) {
                console.prompt(PROMPT);
                String line = console.readLine();
                if (line == null) {
                    console.line("");
                    return ExitCodes.OK;
                }
                if (line.equals(QUIT)) {
                    return ExitCodes.OK;
                }
                try {
                    console.line(Printable.of(session.exchange(line)));
                } catch (IllegalArgumentException tooLong) {
                    console.error("not sent: " + tooLong.getMessage());
                }
            }
        } catch (ProtocolException e) {
            if (e.reason() == ProtocolException.Reason.NO_COMMON_CIPHER) {
                console.line(e.getMessage());
                return ExitCodes.NO_COMMON_CIPHER;
            }
            if (e.reason() == ProtocolException.Reason.SERVER_AUTHENTICATION) {
                console.error("error: " + e.getMessage());
                return ExitCodes.SERVER_NOT_AUTHENTICATED;
            }
            console.error("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            console.error("error: " + endpoint.host + ":" + endpoint.port + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
