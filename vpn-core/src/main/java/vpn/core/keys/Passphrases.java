package vpn.core.keys;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the passphrases of key files come from. The standard source is the environment variable
 * {@value StandardPassphrases#VARIABLE}, else the user's terminal; tests give their own. A
 * passphrase is a {@code char[]} so that the caller can wipe it when done; empty means none.
 */
public interface Passphrases {

    /**
     * The passphrase of the encrypted private key {@code file}, asked once.
     *
     * @throws IOException if there is no way to ask (no terminal, no variable); one line saying what to set
     */
    char[] forKey(Path file) throws IOException;

    /**
     * The passphrase for a new key; empty for a key without one. A prompt asks twice.
     *
     * @throws IOException if there is no way to ask, or the two answers differ; one line
     */
    char[] forNewKey() throws IOException;

    /** {@value StandardPassphrases#VARIABLE} if set, else the terminal if standard input is one. */
    static Passphrases standard() {
        return new StandardPassphrases(System::getenv, SecretPrompt.system());
    }
}
