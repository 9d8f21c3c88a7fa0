package vpn.app;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import vpn.api.CipherProvider;
import vpn.core.negotiation.CipherStrength;
import vpn.core.registry.CipherRegistry;
import vpn.core.registry.LoadedCipher;

/** {@code vpn ciphers}: what this deployment offers, in the order it prefers. */
@Command(name = "ciphers",
        mixinStandardHelpOptions = true,
        description = {
            "Lists the ciphers this deployment offers, in the classic protocol's order of preference: name, "
                    + "key sizes, block size, module and jar.",
            "Secure mode ranks them by strength (128-bit blocks first) and offers the weak ones (DES, XOR, "
                    + "None) only when --ciphers names them. To change the list, add or remove cipher jars."
        })
final class CiphersCommand implements Callable<Integer> {

    private static final String FORMAT = "%-10s %-14s %-6s %-22s %s";

    private final Console console;
    private final Provider<CipherRegistry> registry;

    @Inject
    CiphersCommand(Console console, Provider<CipherRegistry> registry) {
        this.console = console;
        this.registry = registry;
    }

    @Override
    public Integer call() {
        console.line(String.format(FORMAT, "CIPHER", "KEY SIZES", "BLOCK", "MODULE", "FROM").stripTrailing());
        for (LoadedCipher cipher : registry.get().ciphers()) {
            CipherProvider provider = cipher.provider();
            String sizes = provider.keySizes().stream().map(String::valueOf).collect(Collectors.joining(","));
            String flag = provider.insecure() ? "  [insecure: chosen only if nothing else is shared]"
                    : CipherStrength.weak(provider) ? "  [weak: secure mode offers it only when named]"
                    : provider.aead() ? "  [authenticated: secure mode only, preferred there]" : "";
            console.line(String.format(FORMAT, provider.name(), sizes, provider.blockSize(), cipher.module(),
                    cipher.location() + flag));
        }
        return 0;
    }
}
