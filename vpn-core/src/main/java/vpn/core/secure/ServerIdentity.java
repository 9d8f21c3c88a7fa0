package vpn.core.secure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

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
    private static final Set<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final byte[] privateKey;
    private final byte[] publicKey;

    private ServerIdentity(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    /** A new key, not stored: for tests and for servers that want a throwaway identity. */
    public static ServerIdentity generate(SecureRandom random) {
        byte[] key = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(random, key);
        return new ServerIdentity(key);
    }

    /**
     * Loads the key at {@code file}, or creates it there (owner-only permissions) if there is none.
     *
     * @throws IOException if the file cannot be read or written, is malformed, or others may read it
     */
    public static ServerIdentity loadOrCreate(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            ServerIdentity created = generate(random);
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            String text = HEADER + PREFIX + Base64.getEncoder().encodeToString(created.privateKey) + "\n";
            try {
                createOwnerOnly(file);
            } catch (FileAlreadyExistsException raced) {
                return load(file); // another server process created it first
            }
            Files.writeString(file, text, StandardCharsets.US_ASCII);
            return created;
        }
        return load(file);
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file);
        }
    }

    private static ServerIdentity load(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IOException("the server key " + file + " may be read by others ("
                        + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
            }
        }
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            if (line.startsWith(PREFIX)) {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(line.substring(PREFIX.length()).strip());
                } catch (IllegalArgumentException e) {
                    key = new byte[0];
                }
                if (key.length != Ed25519.SECRET_KEY_SIZE) {
                    throw new IOException("the server key " + file + " is malformed");
                }
                return new ServerIdentity(key);
            }
        }
        throw new IOException("the server key " + file + " holds no '" + PREFIX.strip() + "' line");
    }

    /** The raw 32-byte public key, as sent in the handshake and pinned by clients. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    public String fingerprint() {
        return fingerprint(publicKey);
    }

    /** {@code SHA256:} and the unpadded base64 of SHA-256 over the raw public key, as SSH shows keys. */
    public static String fingerprint(byte[] publicKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(publicKey);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
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
