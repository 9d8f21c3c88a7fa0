package vpn.core.keys;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Function;

/**
 * Passphrases from the environment variable {@value #VARIABLE} when it is set (even empty, which
 * means "no passphrase, do not ask": scripts set it so that nothing waits for a terminal), else
 * from the terminal when standard input is one, else an error saying to set the variable.
 */
public final class StandardPassphrases implements Passphrases {

    public static final String VARIABLE = "VPN_PASSPHRASE";

    private final Function<String, String> environment;
    private final SecretPrompt prompt;

    /**
     * @param environment looks up an environment variable, null if unset ({@code System::getenv})
     * @param prompt the terminal, asked only when the variable is unset
     */
    public StandardPassphrases(Function<String, String> environment, SecretPrompt prompt) {
        this.environment = Objects.requireNonNull(environment, "environment");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
    }

    @Override
    public char[] forKey(Path file) throws IOException {
        String set = environment.apply(VARIABLE);
        if (set != null) {
            return set.toCharArray();
        }
        if (!prompt.available()) {
            throw new IOException("the private key " + file + " has a passphrase and standard input is not a "
                    + "terminal to ask for it; set " + VARIABLE);
        }
        return prompt.read("Enter passphrase for key '" + file + "': "); // OpenSSH's prompt
    }

    @Override
    public char[] forNewKey() throws IOException {
        String set = environment.apply(VARIABLE);
        if (set != null) {
            return set.toCharArray();
        }
        if (!prompt.available()) {
            throw new IOException("standard input is not a terminal to ask for a passphrase; set " + VARIABLE
                    + " (empty for a key without one)");
        }
        char[] first = prompt.read("Enter passphrase (empty for no passphrase): ");
        char[] again = prompt.read("Enter same passphrase again: ");
        try {
            if (!Arrays.equals(first, again)) {
                Arrays.fill(first, '\0');
                throw new IOException("the passphrases do not match; try again");
            }
            return first;
        } finally {
            Arrays.fill(again, '\0');
        }
    }
}
