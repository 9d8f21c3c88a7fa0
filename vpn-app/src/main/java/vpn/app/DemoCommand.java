package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpn.api.service.ServiceCommand;
import vpn.api.service.Terminal;
import vpn.core.Limits;
import vpn.core.Transcript;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.KnownHosts;
import vpn.core.secure.SecureServerHandshake;
import vpn.core.secure.ServerIdentity;
import vpn.core.server.VpnServer;
import vpn.core.service.ServiceRegistry;

/**
 * {@code vpn demo}: a server and a scripted {@code vpn client} in one process, both transcripts
 * shown. The client is the echo module's own command, fed the demo's messages.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a server on a free local port and a scripted client session against it, "
                    + "printing both transcripts. Start here.",
        })
final class DemoCommand implements Callable<Integer> {

    private static final String CLIENT = "client";

    @Option(names = "--message", paramLabel = "TEXT",
            description = "A message for the client to send; repeat for several (default: hello, bye).")
    List<String> messages = List.of("hello", "bye");

    @Option(names = "--classic", description = "Show the classic protocol instead of secure mode.")
    boolean classic;

    private final Console console;
    private final Provider<CipherRegistry> registry;
    private final Provider<ServiceRegistry> services;
    private final ServiceCommands commands;
    private final Servers servers;
    private final Clients clients;
    private final SecureRandom random;
    private final Limits limits;

    @Inject
    DemoCommand(Console console, Provider<CipherRegistry> registry, Provider<ServiceRegistry> services,
            ServiceCommands commands, Servers servers, Clients clients, SecureRandom random, Limits limits) {
        this.console = console;
        this.registry = registry;
        this.services = services;
        this.commands = commands;
        this.servers = servers;
        this.clients = clients;
        this.random = random;
        this.limits = limits;
    }

    @Override
    public Integer call() throws Exception {
        ServiceCommand client = commands.find(CLIENT).orElseThrow(() -> new NotInstalledException("demo", "echo"));
        int serviceVersion = services.get().find(client.service())
                .orElseThrow(() -> new NotInstalledException("demo", client.service())).version();
        Transcript server = line -> console.line("server | " + line);
        Transcript clientLines = line -> console.line("client | " + line);
        // A throwaway server key and known-hosts file: the demo leaves nothing behind.
        ServerIdentity identity = ServerIdentity.generate(random);
        Path folder = Files.createTempDirectory("vpn-demo");
        KnownHosts knownHosts = new KnownHosts(folder.resolve("known_hosts"), console::error);
        ClientSecurity security = classic ? ClientSecurity.classic(knownHosts) : ClientSecurity.secure(knownHosts);
        server.line("Server key " + identity.fingerprint() + " (throwaway, for this demo)");
        try (VpnServer vpnServer = new VpnServer(servers.session(registry.get(), limits, identity,
                SecureServerHandshake.DEFAULT_PREFERENCE), 4, server)) {
            int port = vpnServer.bind("127.0.0.1", 0).getPort();
            vpnServer.start();
            var vpnClient = clients.client(registry.get(), security);
            int exit = client.run(List.of(), new ClientContext(vpnClient, "127.0.0.1", port, client.service(),
                    serviceVersion, clientLines, new ScriptedTerminal(messages, clientLines)));
            awaitIdle(vpnServer);
            return exit;
        } finally {
            Files.deleteIfExists(folder.resolve("known_hosts"));
            Files.deleteIfExists(folder);
        }
    }

    /** The demo's messages as typed input, shown as the client's transcript lines; then the client quits. */
    private static final class ScriptedTerminal implements Terminal {
        private final Deque<String> input;
        private final Transcript output;

        ScriptedTerminal(List<String> messages, Transcript output) {
            this.input = new ArrayDeque<>(messages);
            this.input.add("\\quit");
            this.output = output;
        }

        @Override
        public String readLine(String prompt) {
            String line = input.poll();
            if (line != null) {
                output.line(prompt + line);
            }
            return line;
        }

        @Override
        public void line(String text) {
            output.line(text);
        }

        @Override
        public void error(String text) {
            output.line(text);
        }
    }

    /** Lets the server finish its side of the session, so its transcript is complete. */
    private static void awaitIdle(VpnServer server) throws InterruptedException {
        for (int i = 0; i < 100 && server.openSessions() > 0; i++) {
            Thread.sleep(10);
        }
    }
}
