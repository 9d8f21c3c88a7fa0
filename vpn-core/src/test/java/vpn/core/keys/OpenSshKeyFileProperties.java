package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import vpn.core.testing.GivenPassphrase;
import vpn.testing.Mutations;
import vpn.testing.Scratch;
import vpn.testing.Unicode;

/**
 * OpenSSH private key files ({@link OpenSshKeyFile}, {@link OpenSshPrivateKey}): a key written is
 * read back, with or without a passphrase, whatever its comment (one line of text: a control
 * character is refused); a damaged file, in its text or
 * in the binary envelope under the base64, is a key or one {@link IOException} naming the file,
 * never another exception. (Damaged encrypted files are left out: a damaged bcrypt round count can
 * make the KDF run for hours, as it can in OpenSSH; the file is the user's own.)
 */
class OpenSshKeyFileProperties {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Scratch SCRATCH = Scratch.create("key-files");

    @AfterContainer
    static void removeScratch() {
        SCRATCH.close();
    }

    @Provide
    Arbitrary<UserKey> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(UserKey::fromPrivate);
    }

    /** A comment is one line of text without control characters; the user name, on servers. */
    @Provide
    Arbitrary<String> comments() {
        return Unicode.strings(40).filter(c -> c.codePoints().noneMatch(Character::isISOControl));
    }

    /** A hundred tries: each writes two files and forces them to the disk. */
    @Property(tries = 100)
    void aKeyIsReadBackAsWritten(@ForAll("keys") UserKey key, @ForAll("comments") String comment) throws IOException {
        Path file = SCRATCH.newFile("id_ed25519");
        OpenSshKeyFile.write(file, key, comment, new char[0], RANDOM);
        assertSameKey(key, OpenSshKeyFile.read(file, GivenPassphrase.NONE));
    }

    @Property
    void aCommentWithAControlCharacterIsRefused(@ForAll("comments") String comment, @ForAll @CharRange(to = '\u009f') char control,
            @ForAll @IntRange(max = 40) int at) {
        Assume.that(Character.isISOControl(control));
        String withControl = new StringBuilder(comment).insert(Math.min(at, comment.length()), control).toString();
        Path file = SCRATCH.newFile("id_ed25519");
        assertThrows(IllegalArgumentException.class,
                () -> OpenSshKeyFile.write(file, UserKey.generate(RANDOM), withControl, new char[0], RANDOM));
        assertFalse(Files.exists(file));
    }

    /** Few tries: each is two bcrypt_pbkdf runs of 16 rounds, half a second. */
    @Property(tries = 3)
    void anEncryptedKeyIsReadBackWithItsPassphrase(@ForAll("keys") UserKey key, @ForAll("comments") String comment,
            @ForAll("passphrases") String passphrase) throws IOException {
        Path file = SCRATCH.newFile("id_ed25519");
        OpenSshKeyFile.write(file, key, comment, passphrase.toCharArray(), RANDOM);
        assertSameKey(key, OpenSshKeyFile.read(file, new GivenPassphrase(passphrase)));
    }

    @Provide
    Arbitrary<String> passphrases() {
        return Unicode.strings(20).filter(p -> !p.isEmpty());
    }

    @Property(tries = 200)
    void aDamagedEnvelopeIsAKeyOrOneIOException(@ForAll("keys") UserKey key,
            @ForAll("mutations") List<Mutations.Mutation> mutations) throws IOException {
        byte[] blob = blob(written(key));
        for (Mutations.Mutation mutation : mutations) {
            blob = mutation.apply(blob);
        }
        assertKeyOrIOException(armor(blob));
    }

    @Property(tries = 200)
    void aDamagedTextIsAKeyOrOneIOException(@ForAll("keys") UserKey key,
            @ForAll("mutations") List<Mutations.Mutation> mutations) throws IOException {
        String text = written(key);
        for (Mutations.Mutation mutation : mutations) {
            text = mutation.apply(text, "-BEGINOPENSSHPRIVATEKEYAQ=+/\n ");
        }
        assertKeyOrIOException(text);
    }

    @Property
    void anyEnvelopeIsAKeyOrOneIOException(@ForAll @Size(max = 200) byte[] blob) throws IOException {
        assertKeyOrIOException(armor(blob));
    }

    @Provide
    Arbitrary<List<Mutations.Mutation>> mutations() {
        return Mutations.mutations();
    }

    // ---- Helpers ----

    /** The text of an unencrypted key file, as ssh-keygen writes it. */
    private static String written(UserKey key) throws IOException {
        Path file = SCRATCH.newFile("id_ed25519");
        OpenSshKeyFile.write(file, key, "alice", new char[0], RANDOM);
        return Files.readString(file, StandardCharsets.ISO_8859_1);
    }

    /** The binary envelope under the armor. */
    private static byte[] blob(String text) {
        String body = text.substring(text.indexOf('\n') + 1, text.indexOf(OpenSshPrivateKey.END));
        return Base64.getMimeDecoder().decode(body);
    }

    private static String armor(byte[] blob) {
        return OpenSshPrivateKey.BEGIN + "\n" + Base64.getMimeEncoder().encodeToString(blob) + "\n"
                + OpenSshPrivateKey.END + "\n";
    }

    private static void assertKeyOrIOException(String text) throws IOException {
        Path file = SCRATCH.newFile("damaged");
        Files.writeString(file, text, StandardCharsets.ISO_8859_1);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try {
            OpenSshKeyFile.read(file, new GivenPassphrase("a passphrase"));
        } catch (IOException refused) {
            if (!refused.getMessage().contains(file.toString())) {
                throw new AssertionError("the refusal does not name the file: " + refused.getMessage(), refused);
            }
        }
    }

    private static void assertSameKey(UserKey expected, UserKey actual) {
        assertArrayEquals(expected.publicKey(), actual.publicKey());
        assertArrayEquals(expected.privateKey(), actual.privateKey());
    }
}
