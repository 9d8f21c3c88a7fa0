package vpn.core.keys;

import vpn.api.files.FileSafety;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A user's key in OpenSSH's files: the private key ({@code -----BEGIN OPENSSH PRIVATE KEY-----},
 * holding one ssh-ed25519 key, with or without a passphrase) and the public key next to it in
 * {@code FILE.pub}. So a key made by {@code ssh-keygen -t ed25519} works here, and ssh-keygen
 * reads ours. Like OpenSSH, a private key file others may read is refused.
 */
public final class OpenSshKeyFile {

    private static final String WHAT = "private key file";
    private static final String MAKE_ONE = "make one with vpn keygen or ssh-keygen -t ed25519";
    private static final Pattern OTHER_PEM = Pattern.compile("-----BEGIN (RSA|EC|DSA) PRIVATE KEY-----");

    private OpenSshKeyFile() {
    }

    /** {@code FILE.pub}, where the public key of {@code file} is kept. */
    public static Path publicKeyFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".pub");
    }

    /**
     * The key in {@code file}, asking {@code passphrases} only if it is encrypted.
     *
     * @throws IOException if the file cannot be read, others may read it, it holds no ssh-ed25519
     *     key, it is encrypted in a way we cannot decrypt, or the passphrase is wrong; the message is
     *     one line naming the file and the fix
     */
    public static UserKey read(Path file, Passphrases passphrases) throws IOException {
        FileSafety.checkFile(file, WHAT, true);
        // ISO-8859-1 maps every byte: a stray one makes the key malformed, not the file unreadable.
        String text = Files.readString(file, StandardCharsets.ISO_8859_1);
        if (!text.contains(OpenSshPrivateKey.BEGIN)) {
            Matcher other = OTHER_PEM.matcher(text);
            if (other.find()) {
                throw new IOException(file + " holds a PEM " + other.group(1)
                        + " key: only ssh-ed25519 keys are supported; " + MAKE_ONE);
            }
            throw new IOException(file + " is not an OpenSSH private key (no '" + OpenSshPrivateKey.BEGIN
                    + "' line); " + MAKE_ONE);
        }
        OpenSshPrivateKey key;
        try {
            key = OpenSshPrivateKey.parse(text);
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        }
        if (key.keys() != 1) {
            throw new IOException(file + " holds " + key.keys() + " keys, and only files with one are supported; "
                    + MAKE_ONE);
        }
        if (!key.type().equals(SshKeys.ED25519)) {
            throw new IOException(file + " holds a key of type " + key.type()
                    + ": only ssh-ed25519 keys are supported; " + MAKE_ONE);
        }
        if (key.encrypted() && (!OpenSshPrivateKey.DECRYPTABLE_CIPHERS.contains(key.cipher())
                || !key.kdf().equals(OpenSshPrivateKey.BCRYPT))) {
            throw new IOException(file + " is encrypted with " + key.cipher() + " and " + key.kdf()
                    + ", which vpn cannot decrypt; run ssh-keygen -p -f " + file
                    + " to re-encrypt it or remove its passphrase, or make a key with vpn keygen");
        }
        char[] passphrase = key.encrypted() ? passphrases.forKey(file) : new char[0];
        try {
            if (key.encrypted() && passphrase.length == 0) {
                throw new IOException("the private key " + file + " has a passphrase, and the one given is empty");
            }
            return key.decrypt(passphrase);
        } catch (IllegalStateException e) {
            throw key.encrypted() ? new IOException("wrong passphrase for the private key " + file)
                    : damaged(file, e.getMessage());
        } catch (IllegalArgumentException e) {
            throw damaged(file, e.getMessage());
        } finally {
            Arrays.fill(passphrase, '\0');
        }
    }

    /**
     * Writes {@code key} to {@code file} (owner-only, 0600) and its public key line to
     * {@code FILE.pub} (0644), replacing them if they exist; the directory is created owner-only
     * (0700) if missing. Each file is replaced atomically, and the public key only once the
     * private key is in place.
     *
     * @param comment stored in both files, as ssh-keygen's {@code -C}; the user name on servers; no
     *     control characters (newlines included)
     * @param passphrase empty for an unencrypted key
     * @throws IOException if the files cannot be written or the directory is one others may write
     */
    public static void write(Path file, UserKey key, String comment, char[] passphrase, SecureRandom random)
            throws IOException {
        // One line, and no control character at all: the comment ends the private section, and
        // Bouncy Castle, which reads it back, takes a last byte of 1 to 7 for padding when the
        // section needs none (a comment ending in U+0001 could not be read).
        if (comment.codePoints().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a key comment is one line of text, without control characters");
        }
        FileSafety.createParent(file);
        FileSafety.checkDirectory(file, WHAT);
        byte[] privateText = OpenSshPrivateKey.encode(key, comment, passphrase, random)
                .getBytes(StandardCharsets.US_ASCII);
        byte[] publicText = (SshKeys.publicKeyLine(key.publicKey(), comment) + "\n").getBytes(StandardCharsets.UTF_8);
        try (PendingFile privateFile = PendingFile.write(file, privateText, true);
             PendingFile publicFile = PendingFile.write(publicKeyFile(file), publicText, false)) {
            privateFile.commit();
            publicFile.commit();
        } finally {
            Arrays.fill(privateText, (byte) 0);
        }
    }

    private static IOException damaged(Path file, String reason) {
        return new IOException(file + " is not a valid OpenSSH private key (" + reason + "); " + MAKE_ONE);
    }
}
