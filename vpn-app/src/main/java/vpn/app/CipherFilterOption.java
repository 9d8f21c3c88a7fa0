package vpn.app;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vpn.core.registry.CipherRegistry;
import vpn.core.registry.RegistryException;

/**
 * {@code --ciphers AES:128,256/DES}: offer only some of the installed ciphers and key sizes, for
 * one run (the Python peer's syntax). To change what a deployment can ever offer, remove jars.
 */
final class CipherFilterOption {

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = "--ciphers", paramLabel = "SPEC",
            description = "Offer only these ciphers and key sizes, e.g. AES:128,256/DES "
                    + "(default: every cipher module found).")
    String spec;

    /** The registry as restricted by {@code --ciphers}, or unchanged without it. */
    CipherRegistry apply(CipherRegistry registry) {
        if (spec == null) {
            return registry;
        }
        try {
            return registry.restrict(parse(spec));
        } catch (RegistryException e) {
            throw new ParameterException(command.commandLine(), "--ciphers: " + e.getMessage());
        }
    }

    /**
     * As {@link #apply}, for a client of the classic protocol when {@code classic}: something it
     * can carry must remain, since it never offers an authenticated cipher (AES-GCM).
     */
    CipherRegistry applyForClient(CipherRegistry registry, boolean classic) {
        CipherRegistry offered = apply(registry);
        if (classic && offered.classicOffer().isEmpty()) {
            throw new ParameterException(command.commandLine(), "--classic: the classic protocol cannot carry "
                    + String.join(", ", offered.providers().stream().map(p -> p.name()).toList())
                    + " (authenticated ciphers are for secure mode only); name a block cipher such as AES");
        }
        return offered;
    }

    private Map<String, List<Integer>> parse(String text) {
        Map<String, List<Integer>> allowed = new LinkedHashMap<>();
        for (String part : text.split("/", -1)) {
            String[] nameAndSizes = part.split(":", -1);
            if (nameAndSizes[0].isBlank() || nameAndSizes.length > 2) {
                throw new ParameterException(command.commandLine(),
                        "--ciphers: expected NAME or NAME:SIZE,SIZE separated by '/', not '" + part + "'");
            }
            List<Integer> sizes = new ArrayList<>();
            if (nameAndSizes.length == 2) {
                for (String size : nameAndSizes[1].split(",", -1)) {
                    try {
                        sizes.add(Integer.parseInt(size.strip()));
                    } catch (NumberFormatException e) {
                        throw new ParameterException(command.commandLine(), "--ciphers: '" + size + "' is not a key size");
                    }
                }
            }
            allowed.put(nameAndSizes[0].strip(), sizes);
        }
        return allowed;
    }
}
