package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.client.ClassicClient;
import vpn.core.client.ClassicClientSession;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;

/** {@code vpn client}: sends each input line as a message and prints the server's reply. */
@Command(name = "client",
        mixinStandardHelpOptions = true,
        description = {
            "Connects to a server and sends each line of standard input as one encrypted message, "
                    + "printing the server's reply.",
            "Ends on \\quit or at the end of input, so it can be scripted: printf 'hello\\n' | vpn client"
        })
final class ClientCommand implements Callable<Integer> {

    static final String QUIT = "\\quit";
    static final String PROMPT = "Enter message: ";

    @Mixin
    EndpointOptions endpoint;

    @Mixin
    CipherFilterOption cipherFilter;

    private final Console console;
    private final Provider<CipherRegistry> registry;
    private final Provider<DiffieHellman> dh;
    private final Limits limits;

    @Inject
    ClientCommand(Console console, Provider<CipherRegistry> registry, Provider<DiffieHellman> dh, Limits limits) {
        this.console = console;
        this.registry = registry;
        this.dh = dh;
        this.limits = limits;
    }

    @Override
    public Integer call() throws IOException {
        endpoint.validate();
        ClassicClient client = new ClassicClient(cipherFilter.apply(registry.get()), dh.get(), limits);
        try (ClassicClientSession session = client.connect(endpoint.host, endpoint.port, console)) {
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
                    console.line(session.exchange(line));
                } catch (IllegalArgumentException tooLong) {
                    console.error("not sent: " + tooLong.getMessage());
                }
            }
        } catch (ProtocolException e) {
            if (e.reason() == ProtocolException.Reason.NO_COMMON_CIPHER) {
                console.line(e.getMessage());
                return ExitCodes.NO_COMMON_CIPHER;
            }
            console.error("error: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (IOException e) {
            console.error("error: " + endpoint.host + ":" + endpoint.port + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }
}
