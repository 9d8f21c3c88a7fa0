package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import vpn.core.testing.GivenPassphrase;
import vpn.core.testing.TargetTempDir;

/** The client's identity file: the default may be missing, a named one may not; read and asked for once. */
class IdentityFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir(factory = TargetTempDir.class)
    Path home;

    @Test
    void theDefaultFileIsInCustomvpnUnderHome() {
        assertEquals(home.resolve(".customvpn/id_ed25519"), IdentityFile.defaultFile(home));
    }

    /** Load tools and tests hold a key in memory; NONE is a client without one. */
    @Test
    void aKeyInMemoryIsLoadedAsItIsAndNoneHasNone() throws IOException {
        UserKey key = UserKey.generate(new SecureRandom());
        IdentityLoader holding = IdentityLoader.holding(key, "the bench's key");
        assertEquals(Optional.of(key), holding.load());
        assertEquals("the bench's key", holding.location());
        assertEquals(Optional.empty(), IdentityLoader.NONE.load());
        assertEquals("no identity", IdentityLoader.NONE.location());
    }

    @Test
    void aMissingDefaultFileMeansNoIdentity() throws IOException {
        IdentityFile identity = new IdentityFile(IdentityFile.defaultFile(home), false, GivenPassphrase.NONE);
        assertEquals(Optional.empty(), identity.load());
    }

    @Test
    void aMissingFileTheUserNamedIsAnErrorSayingHowToMakeOne() {
        Path file = home.resolve("keys/mine");
        IOException missing = assertThrows(IOException.class,
                () -> new IdentityFile(file, true, GivenPassphrase.NONE).load());
        assertEquals("the identity file " + file + " does not exist; check --identity, or make a key there with "
                + "vpn keygen --file " + file, missing.getMessage());
    }

    @Test
    void anEncryptedKeyIsReadOnceAndItsPassphraseAskedOnce() throws IOException {
        Path file = IdentityFile.defaultFile(home);
        UserKey key = UserKey.generate(RANDOM);
        OpenSshKeyFile.write(file, key, "alice", "pass".toCharArray(), RANDOM);
        GivenPassphrase passphrase = new GivenPassphrase("pass");
        IdentityFile identity = new IdentityFile(file, false, passphrase);
        assertArrayEquals(key.publicKey(), identity.load().orElseThrow().publicKey());
        assertArrayEquals(key.publicKey(), identity.load().orElseThrow().publicKey());
        assertEquals(1, passphrase.asked());
        assertEquals(file.toString(), identity.location());
    }

    @Test
    void aDirectoryIsNotAnIdentity() throws IOException {
        Path file = Files.createDirectories(home.resolve("id_ed25519"));
        IOException refused = assertThrows(IOException.class,
                () -> new IdentityFile(file, false, GivenPassphrase.NONE).load());
        assertEquals("the identity file " + file + " is not a regular file", refused.getMessage());
    }
}
