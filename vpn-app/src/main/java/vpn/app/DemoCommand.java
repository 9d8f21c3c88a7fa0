package vpn.app;

import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpn.core.Printable;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.client.ClientSession;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KnownHosts;
import vpn.core.secure.ServerIdentity;
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

    @Option(names = "--classic", description = "Show the classic protocol instead of secure mode.")
    boolean classic;

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
        // A throwaway server key and known-hosts file: the demo leaves nothing behind.
        ServerIdentity identity = ServerIdentity.generate(sessions.random());
        Path knownHosts = Files.createTempFile("vpn-demo-known-hosts", "");
        Files.delete(knownHosts);
        ClientSecurity security = classic
                ? ClientSecurity.classicOnly(new KnownHosts(knownHosts))
                : ClientSecurity.opportunistic(new KnownHosts(knownHosts));
        server.line("Server key " + identity.fingerprint() + " (throwaway, for this demo)");
        try (VpnServer vpnServer = new VpnServer(sessions.serverSession(registry, sessions.limits(), identity), 4, server)) {
            int port = vpnServer.bind("127.0.0.1", 0).getPort();
            vpnServer.start();
            try (ClientSession session = sessions.client(registry, security).connect("127.0.0.1", port, client)) {
                for (String message : messages) {
                    client.line(ClientCommand.PROMPT + message);
                    client.line(Printable.of(session.exchange(message)));
                }
                client.line(ClientCommand.PROMPT + ClientCommand.QUIT);
            }
            awaitIdle(vpnServer);
        } finally {
            Files.deleteIfExists(knownHosts);
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
