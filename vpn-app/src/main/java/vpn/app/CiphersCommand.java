package vpn.app;

import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import vpn.api.CipherProvider;
import vpn.core.registry.LoadedCipher;

/** {@code vpn ciphers}: what this deployment offers, in the order it prefers. */
@Command(name = "ciphers",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the ciphers this deployment offers, in order of preference: name, key sizes, "
                    + "block size, module and jar.",
            "This is exactly what the server and the client offer; to change it, add or remove cipher jars."
        })
final class CiphersCommand implements Callable<Integer> {

    private static final String FORMAT = "%-10s %-14s %-6s %-22s %s";

    private final Console console;
    private final SessionFactory sessions;

    @Inject
    CiphersCommand(Console console, SessionFactory sessions) {
        this.console = console;
        this.sessions = sessions;
    }

    @Override
    public Integer call() {
        console.line(String.format(FORMAT, "CIPHER", "KEY SIZES", "BLOCK", "MODULE", "FROM").stripTrailing());
        for (LoadedCipher cipher : sessions.registry().ciphers()) {
            CipherProvider provider = cipher.provider();
            String sizes = provider.keySizes().stream().map(String::valueOf).collect(Collectors.joining(","));
            String from = cipher.location() + (provider.insecure() ? "  [insecure: chosen only if nothing else is shared]" : "");
            console.line(String.format(FORMAT, provider.name(), sizes, provider.blockSize(), cipher.module(), from));
        }
        return ExitCodes.OK;
    }
}
