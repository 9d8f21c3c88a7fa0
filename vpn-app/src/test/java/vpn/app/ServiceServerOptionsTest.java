package vpn.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerOption;
import vpn.api.service.ServerSettings;
import vpn.api.service.Service;
import vpn.api.service.SessionHandler;
import vpn.api.service.ServiceSession;
import vpn.core.service.ServiceRegistry;

/** Options that services add to vpn server: shown, parsed, handed to the service, and its verdict kept. */
class ServiceServerOptionsTest {

    @Command(name = "server")
    static final class FakeServer implements Runnable {
        @Option(names = "--port")
        int port;

        @Override
        public void run() {
        }
    }

    /** Offered only with --shelf DIR; refuses --read-only without it, and without users. */
    static final class Shelf implements Service {
        ServerSettings seen;

        @Override
        public String name() {
            return "shelf";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public List<ServerOption> serverOptions() {
            return List.of(ServerOption.withValue("--shelf", "DIR", "Serve DIR."),
                    ServerOption.flag("--shelf-read-only", "Refuse writes."),
                    ServerOption.flag("--port", "A clash with vpn server's own option."));
        }

        @Override
        public Optional<String> configure(ServerSettings settings) throws ConfigurationException {
            seen = settings;
            if (settings.value("--shelf").isEmpty()) {
                if (settings.flag("--shelf-read-only")) {
                    throw new ConfigurationException("--shelf-read-only needs --shelf");
                }
                return Optional.of("this server runs without --shelf");
            }
            if (!settings.hasUsers()) {
                throw new ConfigurationException("--shelf needs --authorized-keys");
            }
            return Optional.empty();
        }

        @Override
        public SessionHandler open(ServiceSession session) {
            return message -> { };
        }
    }

    private final StringWriter err = new StringWriter();
    private final Console console = new Console(new StringWriter(), err, new StringReader(""));
    private final Shelf shelf = new Shelf();
    private final ServiceRegistry services = ServiceRegistry.of(shelf);

    private CommandLine server(String... args) {
        CommandLine server = new CommandLine(new FakeServer());
        ServiceServerOptions.addTo(server, services, console);
        server.parseArgs(args);
        return server;
    }

    @Test
    void theOptionsAppearInTheHelpAndAClashIsSkippedWithAWarning() {
        String help = server().getUsageMessage();
        assertTrue(help.contains("--shelf=DIR") && help.contains("Serve DIR. (shelf service)"), help);
        assertTrue(help.contains("--shelf-read-only"), help);
        assertTrue(err.toString().contains("warning: the option --port of the shelf service"), err.toString());
    }

    @Test
    void givenOptionsReachTheServiceWhichIsOffered() {
        CommandLine server = server("--shelf", "/srv/books", "--shelf-read-only");
        ServiceRegistry offered = ServiceServerOptions.configure(server.getCommandSpec(), services, true);
        assertEquals(Optional.of("/srv/books"), shelf.seen.value("--shelf"));
        assertTrue(shelf.seen.flag("--shelf-read-only"));
        assertEquals(Optional.empty(), offered.withheldReason("shelf"));
    }

    @Test
    void aServiceLeftUnconfiguredIsWithheldWithItsReason() {
        ServiceRegistry offered = ServiceServerOptions.configure(server().getCommandSpec(), services, true);
        assertEquals(Optional.of("this server runs without --shelf"), offered.withheldReason("shelf"));
        assertTrue(offered.find("shelf").isPresent(), "still installed, as vpn services shows");
    }

    @Test
    void wrongOptionsAreAUsageErrorWithTheServicesLine() {
        CommandLine server = server("--shelf", "/srv/books");
        CommandLine.ParameterException e = assertThrows(CommandLine.ParameterException.class,
                () -> ServiceServerOptions.configure(server.getCommandSpec(), services, false));
        assertEquals("--shelf needs --authorized-keys", e.getMessage());
    }
}
