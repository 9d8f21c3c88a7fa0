package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** VPN_PASSPHRASE when set, even empty; else the terminal if there is one; else a line saying to set it. */
class StandardPassphrasesTest {

    private static final Path KEY = Path.of("keys", "id_ed25519");

    /** A terminal that answers from a script, and records what it was asked. */
    private static final class ScriptedTerminal implements SecretPrompt {
        private final boolean available;
        private final Deque<String> answers;
        private final List<String> prompts = new ArrayList<>();

        ScriptedTerminal(boolean available, String... answers) {
            this.available = available;
            this.answers = new ArrayDeque<>(List.of(answers));
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public char[] read(String prompt) {
            prompts.add(prompt);
            return answers.removeFirst().toCharArray();
        }
    }

    private static StandardPassphrases passphrases(Map<String, String> environment, SecretPrompt terminal) {
        return new StandardPassphrases(environment::get, terminal);
    }

    @Test
    void theVariableIsUsedEvenEmptyAndTheTerminalIsNotAsked() throws IOException {
        ScriptedTerminal terminal = new ScriptedTerminal(true);
        assertArrayEquals("s3cret".toCharArray(), passphrases(Map.of("VPN_PASSPHRASE", "s3cret"), terminal).forKey(KEY));
        assertArrayEquals(new char[0], passphrases(Map.of("VPN_PASSPHRASE", ""), terminal).forKey(KEY));
        assertArrayEquals(new char[0], passphrases(Map.of("VPN_PASSPHRASE", ""), terminal).forNewKey());
        assertEquals(List.of(), terminal.prompts);
    }

    @Test
    void withoutTheVariableTheTerminalIsAskedAsOpenSshAsks() throws IOException {
        ScriptedTerminal terminal = new ScriptedTerminal(true, "typed");
        assertArrayEquals("typed".toCharArray(), passphrases(Map.of(), terminal).forKey(KEY));
        assertEquals(List.of("Enter passphrase for key '" + KEY + "': "), terminal.prompts);
    }

    @Test
    void aNewPassphraseIsAskedTwiceAndMustMatch() throws IOException {
        ScriptedTerminal same = new ScriptedTerminal(true, "new one", "new one");
        assertArrayEquals("new one".toCharArray(), passphrases(Map.of(), same).forNewKey());
        assertEquals(List.of("Enter passphrase (empty for no passphrase): ", "Enter same passphrase again: "),
                same.prompts);
        IOException differ = assertThrows(IOException.class,
                () -> passphrases(Map.of(), new ScriptedTerminal(true, "one", "two")).forNewKey());
        assertEquals("the passphrases do not match; try again", differ.getMessage());
    }

    /** What the terminal typed is wiped once compared: both copies when they differ, the second when they match. */
    @Test
    void theTypedCopiesAreWipedOnceCompared() throws IOException {
        List<char[]> typed = new ArrayList<>();
        Deque<String> answers = new ArrayDeque<>(List.of("same", "same", "one", "two"));
        SecretPrompt terminal = new SecretPrompt() {
            @Override
            public boolean available() {
                return true;
            }

            @Override
            public char[] read(String prompt) {
                char[] answer = answers.removeFirst().toCharArray();
                typed.add(answer);
                return answer;
            }
        };
        StandardPassphrases passphrases = passphrases(Map.of(), terminal);
        char[] chosen = passphrases.forNewKey();
        assertArrayEquals("same".toCharArray(), chosen);
        assertArrayEquals(new char[4], typed.get(1));
        assertThrows(IOException.class, passphrases::forNewKey);
        assertArrayEquals(new char[3], typed.get(2));
        assertArrayEquals(new char[3], typed.get(3));
    }

    @Test
    void withNeitherVariableNorTerminalTheErrorSaysToSetTheVariable() {
        ScriptedTerminal pipe = new ScriptedTerminal(false);
        IOException key = assertThrows(IOException.class, () -> passphrases(Map.of(), pipe).forKey(KEY));
        assertEquals("the private key " + KEY + " has a passphrase and standard input is not a terminal to ask for it; "
                + "set VPN_PASSPHRASE", key.getMessage());
        IOException newKey = assertThrows(IOException.class, () -> passphrases(Map.of(), pipe).forNewKey());
        assertEquals("standard input is not a terminal to ask for a passphrase; set VPN_PASSPHRASE (empty for a key "
                + "without one)", newKey.getMessage());
        assertEquals(List.of(), pipe.prompts);
    }

    /** The test JVM's standard input is a pipe from Maven: the system prompt must not take it for a terminal. */
    @Test
    void thisProcessHasNoTerminalToAskOn() {
        assertFalse(SecretPrompt.system().available());
    }
}
