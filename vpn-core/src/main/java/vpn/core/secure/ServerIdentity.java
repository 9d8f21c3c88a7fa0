package vpn.core.secure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import vpn.api.files.FileSafety;
import vpn.core.keys.SshKeys;

/**
 * The server's long-term Ed25519 signing key: it signs every secure-mode handshake, and clients
 * pin its public half. Created on first start; stored in one file readable by its owner only.
 *
 * <p>The private key is a byte array we never log or print; the JVM may still have copied it
 * (garbage collection moves objects), so erasure cannot be promised.
 */
public final class ServerIdentity {

    private static final String HEADER =
            "# CustomVPN server signing key (Ed25519). Secret: whoever has it can impersonate this server.\n";
    private static final String PREFIX = "ed25519-private ";
    private static final String WHAT = "server key file";

    private final byte[] privateKey;
    private final byte[] publicKey;
    /** Computed once: every handshake's channel carries it. */
    private final String fingerprint;

    private ServerIdentity(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
        this.fingerprint = fingerprint(publicKey);
    }

    /** A new key, not stored: for tests and for servers that want a throwaway identity. */
    public static ServerIdentity generate(SecureRandom random) {
        byte[] key = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(random, key);
        return new ServerIdentity(key);
    }

    /**
     * Loads the key at {@code file}, or creates it there if there is none. Like OpenSSH's
     * {@code StrictModes}, refuses a key that is a symbolic link, is not ours, or that others may
     * read or write, and a directory others may write (unless sticky, like /tmp).
     *
     * <p>A new key is published atomically: written and synced under a temporary name, then linked
     * into place only if no file is there yet. So a crash never leaves a half-written key, and of
     * two servers starting at once the second loads the first one's key instead of replacing it.
     *
     * @throws IOException if the file cannot be read or written, is malformed, or fails a check above
     */
    public static ServerIdentity loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return load(file);
        }
        FileSafety.createParent(file);
        FileSafety.checkDirectory(file, WHAT);
        ServerIdentity created = generate(random);
        String text = HEADER + PREFIX + Base64.getEncoder().encodeToString(created.privateKey) + "\n";
        Path dir = file.toAbsolutePath().getParent();
        Path temporary = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp",
                FileSafety.ownerOnly(file, false));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            if (!publish(temporary, file)) {
                return load(file); // another server process created it first
            }
            syncDirectory(dir);
            return created;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Gives {@code temporary}'s content the name {@code file} unless that exists; false if it did. */
    private static boolean publish(Path temporary, Path file) throws IOException {
        try {
            Files.createLink(file, temporary); // a hard link never replaces: the no-clobber rename
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        } catch (UnsupportedOperationException | FileSystemException noLinks) {
            // No hard links here (some network and FAT file systems): a plain move also refuses an
            // existing target, though it checks before renaming rather than atomically.
            try {
                Files.move(temporary, file);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            }
        }
    }

    /** Makes the new name durable too; best effort, as not every platform can sync a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // the key's content is synced; at worst a crash now loses the name and a new key is made
        }
    }

    private static ServerIdentity load(Path file) throws IOException {
        if (Files.isSymbolicLink(file)) {
            throw new IOException("the " + WHAT + " " + file + " is a symbolic link; replace it with a regular file");
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("the " + WHAT + " " + file + " is not a regular file");
        }
        FileSafety.checkOwner(file, WHAT);
        FileSafety.checkFile(file, WHAT, true);
        FileSafety.checkDirectory(file, WHAT);
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.startsWith(PREFIX)) {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(line.substring(PREFIX.length()).strip());
                } catch (IllegalArgumentException e) {
                    key = new byte[0];
                }
                if (key.length != Ed25519.SECRET_KEY_SIZE) {
                    throw new IOException("the " + WHAT + " " + file + " is malformed");
                }
                return new ServerIdentity(key);
            }
        }
        throw new IOException("the " + WHAT + " " + file + " holds no '" + PREFIX.strip() + "' line");
    }

    /** The raw 32-byte public key, as sent in the handshake and pinned by clients. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** OpenSSH's fingerprint of a raw public key ({@link SshKeys#fingerprint}), the one {@code ssh-keygen -lf} shows. */
    public static String fingerprint(byte[] publicKey) {
        return SshKeys.fingerprint(publicKey);
    }

    byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        // With the public key given, signing skips deriving it again (a scalar multiplication).
        Ed25519.sign(privateKey, 0, publicKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return publicKey.length == Ed25519.PUBLIC_KEY_SIZE && signature.length == Ed25519.SIGNATURE_SIZE
                && Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + fingerprint() + ", private key hidden]";
    }
}
