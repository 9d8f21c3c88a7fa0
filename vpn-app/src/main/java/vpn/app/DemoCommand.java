package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.client.ClassicClient;
import vpn.core.client.ClassicClientSession;
import vpn.core.kex.DiffieHellman;
import vpn.core.registry.CipherRegistry;
import vpn.core.server.ClassicServerSession;
import vpn.core.server.VpnServer;

/** {@code vpn demo}: a server and a scripted client in one process, both transcripts shown. */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a server on a free local port and a scripted client session against it, "
                    + "printing both transcripts. Start here.",
        })
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--message", paramLabel = "TEXT",
            description = "A message for the client to send; repeat for several (default: hello, bye).")
    List<String> messages = List.of("hello", "bye");

    private final Console console;
    private final Provider<CipherRegistry> registry;
    private final Provider<DiffieHellman> dh;
    private final Limits limits;

    @Inject
    DemoCommand(Console console, Provider<CipherRegistry> registry, Provider<DiffieHellman> dh, Limits limits) {
        this.console = console;
        this.registry = registry;
        this.dh = dh;
        this.limits = limits;
    }

    @Override
    public Integer call() throws IOException, ProtocolException, InterruptedException {
        Transcript server = line -> console.line("server | " + line);
        Transcript client = line -> console.line("client | " + line);
        try (VpnServer vpnServer = new VpnServer(new ClassicServerSession(registry.get(), dh.get(), limits), 4, server)) {
            int port = vpnServer.bind("127.0.0.1", 0).getPort();
            vpnServer.start();
            try (ClassicClientSession session = new ClassicClient(registry.get(), dh.get(), limits)
                    .connect("127.0.0.1", port, client)) {
                for (String message : messages) {
                    client.line(ClientCommand.PROMPT + message);
                    client.line(session.exchange(message));
                }
                client.line(ClientCommand.PROMPT + ClientCommand.QUIT);
            }
            awaitIdle(vpnServer);
        }
        return ExitCodes.OK;
    }

    /** Lets the server finish its side of the session, so its transcript is complete. */
    private static void awaitIdle(VpnServer server) throws InterruptedException {
        for (int i = 0; i < 100 && server.openSessions() > 0; i++) {
            Thread.sleep(10);
        }
    }
}
