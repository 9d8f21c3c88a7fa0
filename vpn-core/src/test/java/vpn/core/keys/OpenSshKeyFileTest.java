package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.core.testing.GivenPassphrase;
import vpn.core.testing.SshKeygen;
import vpn.core.testing.TargetTempDir;

/** OpenSSH private key files: our own round trip, the exact layout, refusals, and ssh-keygen's files both ways. */
class OpenSshKeyFileTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final UserKey KEY = UserKey.generate(RANDOM);

    @TempDir(factory = TargetTempDir.class)
    Path dir;

    private static String mode(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static void assertSameKey(UserKey expected, UserKey actual) {
        assertArrayEquals(expected.publicKey(), actual.publicKey());
        assertArrayEquals(expected.privateKey(), actual.privateKey());
    }

    @Test
    void anUnencryptedKeyIsReadBackWithoutAskingAndItsPublicKeyIsBesideIt() throws IOException {
        Path file = dir.resolve("keys/id_ed25519");
        OpenSshKeyFile.write(file, KEY, "alice", new char[0], RANDOM);
        assertSameKey(KEY, OpenSshKeyFile.read(file, GivenPassphrase.NONE));
        assertEquals(SshKeys.publicKeyLine(KEY.publicKey(), "alice") + "\n",
                Files.readString(OpenSshKeyFile.publicKeyFile(file)));
        assertEquals("rw-------", mode(file));
        assertEquals("rw-r--r--", mode(OpenSshKeyFile.publicKeyFile(file)));
        assertEquals("rwx------", mode(file.getParent()));
        assertEquals(List.of("id_ed25519", "id_ed25519.pub"), names(file.getParent()));
    }

    @Test
    void anEncryptedKeyIsReadBackWithItsPassphraseAskedOnce() throws IOException {
        Path file = dir.resolve("id_ed25519");
        OpenSshKeyFile.write(file, KEY, "alice", "correct horse".toCharArray(), RANDOM);
        GivenPassphrase passphrase = new GivenPassphrase("correct horse");
        assertSameKey(KEY, OpenSshKeyFile.read(file, passphrase));
        assertEquals(1, passphrase.asked());
    }

    /** Passphrases are char arrays so that they can be wiped: the reader wipes the one it was given, right or wrong. */
    @Test
    void thePassphraseGivenIsWipedOnceUsed() throws IOException {
        Path file = dir.resolve("id_ed25519");
        OpenSshKeyFile.write(file, KEY, "alice", "correct horse".toCharArray(), RANDOM);
        List<char[]> given = new java.util.ArrayList<>();
        Passphrases keeping = new Passphrases() {
            private final List<String> answers = new java.util.ArrayList<>(List.of("correct horse", "battery staple"));

            @Override
            public char[] forKey(Path key) {
                char[] passphrase = answers.removeFirst().toCharArray();
                given.add(passphrase);
                return passphrase;
            }

            @Override
            public char[] forNewKey() {
                throw new AssertionError("not a new key");
            }
        };
        assertSameKey(KEY, OpenSshKeyFile.read(file, keeping));
        assertThrows(IOException.class, () -> OpenSshKeyFile.read(file, keeping));
        assertArrayEquals(new char[13], given.get(0));
        assertArrayEquals(new char[14], given.get(1));
    }

    /** A directory others can write is refused before anything is written in it: they could swap the key. */
    @Test
    void aKeyIsNotWrittenInADirectoryOthersCanWrite() throws IOException {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path file = open.resolve("id_ed25519");
        IOException refused = assertThrows(IOException.class,
                () -> OpenSshKeyFile.write(file, KEY, "alice", new char[0], RANDOM));
        assertEquals("the directory " + open + " holding the private key file " + file
                + " is writable by others (rwxrwxrwx); run: chmod go-w " + open, refused.getMessage());
        assertEquals(List.of(), names(open));
    }

    @Test
    void aWrongOrEmptyPassphraseIsOneClearLine() throws IOException {
        Path file = dir.resolve("id_ed25519");
        OpenSshKeyFile.write(file, KEY, "alice", "correct horse".toCharArray(), RANDOM);
        IOException wrong = assertThrows(IOException.class,
                () -> OpenSshKeyFile.read(file, new GivenPassphrase("battery staple")));
        assertEquals("wrong passphrase for the private key " + file, wrong.getMessage());
        IOException empty = assertThrows(IOException.class, () -> OpenSshKeyFile.read(file, new GivenPassphrase("")));
        assertEquals("the private key " + file + " has a passphrase, and the one given is empty", empty.getMessage());
    }

    @Test
    void aKeyOthersMayReadIsRefusedWithTheChmodThatFixesIt() throws IOException {
        Path file = dir.resolve("id_ed25519");
        OpenSshKeyFile.write(file, KEY, "alice", new char[0], RANDOM);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        IOException refused = assertThrows(IOException.class, () -> OpenSshKeyFile.read(file, GivenPassphrase.NONE));
        assertEquals("the private key file " + file + " may be read by others (rw-r--r--); run: chmod 600 " + file,
                refused.getMessage());
    }

    @Test
    void writingReplacesAnExistingKeyAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("id_ed25519");
        OpenSshKeyFile.write(file, UserKey.generate(RANDOM), "old", new char[0], RANDOM);
        OpenSshKeyFile.write(file, KEY, "new", new char[0], RANDOM);
        assertSameKey(KEY, OpenSshKeyFile.read(file, GivenPassphrase.NONE));
        assertEquals(List.of("id_ed25519", "id_ed25519.pub"), names(dir));
    }

    /** PROTOCOL.key, field by field, with the comment inside and the padding 1, 2, 3, ... to 8 bytes. */
    @Test
    void anUnencryptedFileHasOpenSshsExactLayout() throws IOException {
        Path file = dir.resolve("id_ed25519");
        OpenSshKeyFile.write(file, KEY, "alice@laptop", new char[0], RANDOM);
        List<String> lines = Files.readAllLines(file);
        assertEquals("-----BEGIN OPENSSH PRIVATE KEY-----", lines.get(0));
        assertEquals("-----END OPENSSH PRIVATE KEY-----", lines.get(lines.size() - 1));
        lines.subList(1, lines.size() - 2).forEach(line -> assertEquals(70, line.length(), line));
        SshReader blob = new SshReader(Base64.getDecoder().decode(String.join("", lines.subList(1, lines.size() - 1))));
        assertEquals("openssh-key-v1\0", new String(blob.raw(15, "magic"), StandardCharsets.US_ASCII));
        assertEquals("none", blob.text("cipher"));
        assertEquals("none", blob.text("kdf"));
        assertArrayEquals(new byte[0], blob.string("kdf options"));
        assertEquals(1, blob.u32("keys"));
        assertArrayEquals(SshKeys.wire(KEY.publicKey()), blob.string("public key"));
        byte[] section = blob.string("private section");
        assertEquals(0, section.length % 8);
        SshReader reader = new SshReader(section);
        assertEquals(reader.u32("check"), reader.u32("check"));
        assertEquals("ssh-ed25519", reader.text("type"));
        assertArrayEquals(KEY.publicKey(), reader.string("public"));
        byte[] pair = reader.string("private");
        assertArrayEquals(KEY.privateKey(), java.util.Arrays.copyOf(pair, 32));
        assertArrayEquals(KEY.publicKey(), java.util.Arrays.copyOfRange(pair, 32, 64));
        assertEquals("alice@laptop", reader.text("comment"));
        int padding = section.length - (4 + 4 + 4 + 11 + 4 + 32 + 4 + 64 + 4 + 12);
        for (int i = 1; i <= padding; i++) {
            assertEquals(i, reader.raw(1, "padding")[0]);
        }
    }

    @Test
    void anEncryptedFileNamesAes256CtrAndBcryptWithA16ByteSaltAnd16Rounds() throws IOException {
        Path file = dir.resolve("id_ed25519");
        OpenSshKeyFile.write(file, KEY, "alice", "pass".toCharArray(), RANDOM);
        OpenSshPrivateKey envelope = OpenSshPrivateKey.parse(Files.readString(file));
        SshReader blob = new SshReader(envelope.blob());
        blob.raw(15, "magic");
        assertEquals("aes256-ctr", blob.text("cipher"));
        assertEquals("bcrypt", blob.text("kdf"));
        SshReader options = new SshReader(blob.string("kdf options"));
        byte[] salt = options.string("salt");
        assertEquals(16, salt.length);
        assertEquals(16, options.u32("rounds"));
        blob.u32("keys");
        blob.string("public key");
        assertEquals(0, blob.string("private section").length % 16);
        // A fresh random salt per file, as ssh-keygen makes: the same passphrase gives another key each time.
        OpenSshKeyFile.write(file, KEY, "alice", "pass".toCharArray(), RANDOM);
        SshReader again = new SshReader(OpenSshPrivateKey.parse(Files.readString(file)).blob());
        again.raw(15, "magic");
        again.text("cipher");
        again.text("kdf");
        byte[] secondSalt = new SshReader(again.string("kdf options")).string("salt");
        assertFalse(java.util.Arrays.equals(new byte[16], salt), "the salt is random, not zeros");
        assertFalse(java.util.Arrays.equals(salt, secondSalt), "each file has its own salt");
    }

    /**
     * Whatever the length of the base64, lines of 70 and no empty one: comments of 0 to 99
     * characters move it through more than a whole line, and a comment of 78 makes it exactly six
     * lines (420 characters), where a loop that went one step too far would add an empty line.
     */
    @Test
    void theArmorHasFullLinesAndNoEmptyOne() throws IOException {
        for (int length = 0; length < 100; length++) {
            Path file = dir.resolve("id_" + length);
            OpenSshKeyFile.write(file, KEY, "c".repeat(length), new char[0], RANDOM);
            List<String> lines = Files.readAllLines(file);
            List<String> body = lines.subList(1, lines.size() - 1);
            for (int i = 0; i < body.size(); i++) {
                int size = body.get(i).length();
                assertTrue(i < body.size() - 1 ? size == 70 : size >= 1 && size <= 70,
                        "comment of " + length + ": line " + (i + 1) + " has " + size + " characters");
            }
            if (length == 78) {
                assertEquals(6, body.size(), "the comment of 78 characters gives 420 characters of base64");
            }
        }
    }

    @Test
    void filesThatAreNotOneEd25519KeyAreRefusedWithTheWayForward() throws IOException {
        Path text = ownerOnly(dir.resolve("notes"), "hello\n");
        assertRefused(text, text + " is not an OpenSSH private key (no '-----BEGIN OPENSSH PRIVATE KEY-----' line); "
                + "make one with vpn keygen or ssh-keygen -t ed25519");
        Path pem = ownerOnly(dir.resolve("id_rsa"), "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n"
                + "-----END RSA PRIVATE KEY-----\n");
        assertRefused(pem, pem + " holds a PEM RSA key: only ssh-ed25519 keys are supported; "
                + "make one with vpn keygen or ssh-keygen -t ed25519");
        Path damaged = ownerOnly(dir.resolve("damaged"), "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                + Base64.getEncoder().encodeToString("openssh-key-v1\0\0\0".getBytes(StandardCharsets.US_ASCII))
                + "\n-----END OPENSSH PRIVATE KEY-----\n");
        assertRefused(damaged, damaged + " is not a valid OpenSSH private key (the cipher name is cut short); "
                + "make one with vpn keygen or ssh-keygen -t ed25519");
    }

    @Test
    void aCipherWeCannotDecryptIsRefusedBeforeAskingWithTheWayForward() throws IOException {
        Path file = dir.resolve("id_ed25519");
        byte[] blob = new SshWriter().raw("openssh-key-v1\0".getBytes(StandardCharsets.US_ASCII))
                .string("twofish256-ctr").string("bcrypt").string(new SshWriter().string(new byte[16]).u32(16)
                        .toByteArray())
                .u32(1).string(SshKeys.wire(KEY.publicKey())).string(new byte[96]).toByteArray();
        ownerOnly(file, "-----BEGIN OPENSSH PRIVATE KEY-----\n" + Base64.getEncoder().encodeToString(blob)
                + "\n-----END OPENSSH PRIVATE KEY-----\n");
        assertRefused(file, file + " is encrypted with twofish256-ctr and bcrypt, which vpn cannot decrypt; run "
                + "ssh-keygen -p -f " + file + " to re-encrypt it or remove its passphrase, or make a key with vpn keygen");
    }

    /** keys made by ssh-keygen -t ed25519 -N '' -C alice: read, with the fingerprint ssh-keygen shows. */
    @Test
    void aKeyMadeBySshKeygenIsReadWithItsFingerprint() throws Exception {
        SshKeygen.assumeInstalled();
        Path file = dir.resolve("id_ed25519");
        SshKeygen.run("-q", "-t", "ed25519", "-N", "", "-C", "alice", "-f", file.toString());
        UserKey key = OpenSshKeyFile.read(file, GivenPassphrase.NONE);
        assertEquals(SshKeygen.fingerprint(file), key.fingerprint());
        assertEquals(Files.readString(OpenSshKeyFile.publicKeyFile(file)),
                SshKeys.publicKeyLine(key.publicKey(), "alice") + "\n");
    }

    static Stream<String> sshKeygenCiphers() {
        return OpenSshPrivateKey.DECRYPTABLE_CIPHERS.stream().sorted();
    }

    /** Every cipher we claim to decrypt, as ssh-keygen -Z writes it: read with the passphrase, refused without. */
    @ParameterizedTest
    @MethodSource("sshKeygenCiphers")
    void anEncryptedKeyMadeBySshKeygenIsReadWithItsPassphrase(String cipher) throws Exception {
        SshKeygen.assumeInstalled();
        Path file = dir.resolve("id_ed25519");
        SshKeygen.run("-q", "-t", "ed25519", "-N", "sekrit", "-Z", cipher, "-C", "bob", "-f", file.toString());
        assertEquals(SshKeygen.fingerprint(OpenSshKeyFile.publicKeyFile(file)),
                OpenSshKeyFile.read(file, new GivenPassphrase("sekrit")).fingerprint());
        IOException wrong = assertThrows(IOException.class, () -> OpenSshKeyFile.read(file, new GivenPassphrase("sekret")));
        assertEquals("wrong passphrase for the private key " + file, wrong.getMessage());
    }

    @Test
    void keysOfOtherTypesMadeBySshKeygenAreRefused() throws Exception {
        SshKeygen.assumeInstalled();
        Path ecdsa = dir.resolve("id_ecdsa");
        SshKeygen.run("-q", "-t", "ecdsa", "-N", "", "-f", ecdsa.toString());
        assertRefused(ecdsa, ecdsa + " holds a key of type ecdsa-sha2-nistp256: only ssh-ed25519 keys are supported; "
                + "make one with vpn keygen or ssh-keygen -t ed25519");
        Path rsa = dir.resolve("id_rsa");
        SshKeygen.run("-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString());
        assertRefused(rsa, rsa + " holds a key of type ssh-rsa: only ssh-ed25519 keys are supported; "
                + "make one with vpn keygen or ssh-keygen -t ed25519");
        Path pem = dir.resolve("id_rsa_pem");
        SshKeygen.run("-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "", "-f", pem.toString());
        assertRefused(pem, pem + " holds a PEM RSA key: only ssh-ed25519 keys are supported; "
                + "make one with vpn keygen or ssh-keygen -t ed25519");
    }

    /** Our files, read by ssh-keygen -y (which checks the layout and the padding) and listed by ssh-keygen -l. */
    @Test
    void sshKeygenReadsOurKeysUnencryptedAndEncrypted() throws Exception {
        SshKeygen.assumeInstalled();
        Path plain = dir.resolve("plain");
        OpenSshKeyFile.write(plain, KEY, "alice", new char[0], RANDOM);
        String publicKey = SshKeys.publicKeyLine(KEY.publicKey(), "");
        assertEquals(publicKey, first2Fields(SshKeygen.run("-y", "-f", plain.toString()).get(0)));
        Path encrypted = dir.resolve("encrypted");
        OpenSshKeyFile.write(encrypted, KEY, "alice", "pass phrase".toCharArray(), RANDOM);
        assertEquals(publicKey, first2Fields(SshKeygen.run("-y", "-P", "pass phrase", "-f", encrypted.toString()).get(0)));
        assertEquals(List.of("256 " + KEY.fingerprint() + " alice (ED25519)"),
                SshKeygen.run("-lf", OpenSshKeyFile.publicKeyFile(encrypted).toString()));
    }

    private static String first2Fields(String line) {
        String[] fields = line.split(" ");
        return fields[0] + " " + fields[1];
    }

    private static void assertRefused(Path file, String message) {
        IOException refused = assertThrows(IOException.class, () -> OpenSshKeyFile.read(file, GivenPassphrase.NONE));
        assertEquals(message, refused.getMessage());
    }

    /** A file as a private key should be: readable by its owner only. */
    private static Path ownerOnly(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
