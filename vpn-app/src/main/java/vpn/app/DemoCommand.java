package vpn.app;

import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.client.ClassicClientSession;
import vpn.core.registry.CipherRegistry;
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
    private final SessionFactory sessions;

    @Inject
    DemoCommand(Console console, SessionFactory sessions) {
        this.console = console;
        this.sessions = sessions;
    }

    @Override
    public Integer call() throws IOException, ProtocolException, InterruptedException {
        Transcript server = line -> console.line("server | " + line);
        Transcript client = line -> console.line("client | " + line);
        CipherRegistry registry = sessions.registry();
        try (VpnServer vpnServer = new VpnServer(sessions.serverSession(registry, sessions.limits()), 4, server)) {
            int port = vpnServer.bind("127.0.0.1", 0).getPort();
            vpnServer.start();
            try (ClassicClientSession session = sessions.client(registry).connect("127.0.0.1", port, client)) {
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
