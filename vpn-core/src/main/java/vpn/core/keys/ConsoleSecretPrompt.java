package vpn.core.keys;

import java.io.Console;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * {@link SecretPrompt} on {@link System#console()}. Up to JDK 21 there is a console only when
 * standard input and output are both terminals. From JDK 22 there may be one when they are not,
 * and {@code Console.isTerminal()} tells; the build targets release 21, so that method is called
 * reflectively where it exists.
 */
final class ConsoleSecretPrompt implements SecretPrompt {

    @Override
    public boolean available() {
        Console console = System.console();
        return console != null && isTerminal(console);
    }

    @Override
    public char[] read(String prompt) throws IOException {
        if (!available()) {
            throw new IOException("standard input is not a terminal to ask for a secret");
        }
        char[] secret = System.console().readPassword("%s", prompt);
        if (secret == null) {
            throw new IOException("no passphrase: the input ended");
        }
        return secret;
    }

    private static boolean isTerminal(Console console) {
        Method isTerminal;
        try {
            isTerminal = Console.class.getMethod("isTerminal");
        } catch (NoSuchMethodException jdk21) {
            return true; // before JDK 22, a console exists only on a terminal
        }
        try {
            return (Boolean) isTerminal.invoke(console);
        } catch (IllegalAccessException | InvocationTargetException e) {
            return false; // cannot tell: do not risk reading a secret from a pipe
        }
    }
}
