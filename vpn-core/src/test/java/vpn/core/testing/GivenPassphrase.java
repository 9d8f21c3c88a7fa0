package vpn.core.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import vpn.core.keys.Passphrases;

/** A passphrase a test gives, counting how often it was asked for; {@link #NONE} fails if asked. */
public final class GivenPassphrase implements Passphrases {

    /** For keys without a passphrase: asking is a failure of the test. */
    public static final Passphrases NONE = new Passphrases() {
        @Override
        public char[] forKey(Path file) throws IOException {
            throw new AssertionError("asked for the passphrase of " + file + ", which has none");
        }

        @Override
        public char[] forNewKey() throws IOException {
            throw new AssertionError("asked for a new passphrase");
        }
    };

    private final String passphrase;
    private final AtomicInteger asked = new AtomicInteger();

    public GivenPassphrase(String passphrase) {
        this.passphrase = passphrase;
    }

    @Override
    public char[] forKey(Path file) {
        asked.incrementAndGet();
        return passphrase.toCharArray();
    }

    @Override
    public char[] forNewKey() {
        asked.incrementAndGet();
        return passphrase.toCharArray();
    }

    public int asked() {
        return asked.get();
    }
}
