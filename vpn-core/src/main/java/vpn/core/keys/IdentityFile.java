package vpn.core.keys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's user key from an OpenSSH private key file: the one named with {@code --identity},
 * or the default {@code ~/.customvpn/id_ed25519}. A missing default file means an anonymous
 * client; a missing file the user named is an error. The key is read, and a passphrase asked
 * for, on the first {@link #load()} only.
 */
public final class IdentityFile implements IdentityLoader {

    private final Path file;
    private final boolean explicit;
    private final Passphrases passphrases;
    private UserKey loaded;

    /**
     * @param file the private key file
     * @param explicit whether the user named it ({@code --identity}), so that its absence is an error
     * @param passphrases asked if the key is encrypted
     */
    public IdentityFile(Path file, boolean explicit, Passphrases passphrases) {
        this.file = Objects.requireNonNull(file, "file");
        this.explicit = explicit;
        this.passphrases = Objects.requireNonNull(passphrases, "passphrases");
    }

    /** The default key file, {@code id_ed25519} in {@code .customvpn} of {@code home}. */
    public static Path defaultFile(Path home) {
        return home.resolve(".customvpn").resolve("id_ed25519");
    }

    @Override
    public synchronized Optional<UserKey> load() throws IOException {
        if (loaded != null) {
            return Optional.of(loaded);
        }
        if (!Files.exists(file)) {
            if (explicit) {
                throw new IOException("the identity file " + file + " does not exist; check --identity, or make "
                        + "a key there with vpn keygen --file " + file);
            }
            return Optional.empty();
        }
        if (!Files.isRegularFile(file)) {
            throw new IOException("the identity file " + file + " is not a regular file");
        }
        loaded = OpenSshKeyFile.read(file, passphrases);
        return Optional.of(loaded);
    }

    @Override
    public String location() {
        return file.toString();
    }
}
