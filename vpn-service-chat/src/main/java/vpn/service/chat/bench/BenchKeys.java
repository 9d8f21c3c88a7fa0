package vpn.service.chat.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import vpn.service.chat.crypto.SshEd25519;

/**
 * The load's users: Ed25519 keys made in memory by {@code --prepare}, written as two files in one
 * folder. {@value #AUTHORIZED_KEYS} is for the server ({@code ssh-ed25519 BASE64 bench0001}, one
 * line per user, the comment naming the user); {@value #SEEDS} holds the private keys, one
 * 32-byte RFC 8032 seed in hex per line, in the same order, and only its owner may read it.
 */
public final class BenchKeys {

    public static final String AUTHORIZED_KEYS = "authorized_keys";
    public static final String SEEDS = "bench-keys";

    private static final HexFormat HEX = HexFormat.of();

    private BenchKeys() {
    }

    /** The name of the user on line {@code index} (from 0): {@code bench0001} and on. */
    static String name(int index) {
        return String.format(Locale.ROOT, "bench%04d", index + 1);
    }

    /**
     * Makes {@code users} keys and writes both files into {@code dir}, which is made if missing.
     *
     * @throws FileAlreadyExistsException if either file exists: new keys would no longer match
     *     the server's authorized keys or the load's, so nothing is overwritten
     */
    public static void prepare(Path dir, int users, SecureRandom random) throws IOException {
        Files.createDirectories(dir);
        for (String file : List.of(AUTHORIZED_KEYS, SEEDS)) {
            if (Files.exists(dir.resolve(file))) {
                throw new FileAlreadyExistsException(dir.resolve(file).toString(), null,
                        "it is kept; remove it, or prepare another folder");
            }
        }
        StringBuilder authorized = new StringBuilder();
        StringBuilder seeds = new StringBuilder();
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        for (int i = 0; i < users; i++) {
            Ed25519.generatePrivateKey(random, seed);
            Ed25519.generatePublicKey(seed, 0, publicKey, 0);
            authorized.append(SshEd25519.TYPE).append(' ')
                    .append(Base64.getEncoder().encodeToString(SshEd25519.wire(publicKey))).append(' ')
                    .append(name(i)).append('\n');
            seeds.append(HEX.formatHex(seed)).append('\n');
        }
        java.util.Arrays.fill(seed, (byte) 0);
        writeOwnerOnly(dir.resolve(SEEDS), seeds.toString());
        Files.writeString(dir.resolve(AUTHORIZED_KEYS), authorized, StandardCharsets.US_ASCII);
    }

    /** Created readable by its owner alone, before a byte is written, as ssh-keygen does with private keys. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] ownerOnly = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Files.createFile(file, ownerOnly);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
    }

    /**
     * The private keys in {@code dir}'s {@value #SEEDS}, in order.
     *
     * @throws IOException if the file cannot be read, or a line is not 64 hex digits; one line
     *     naming the file and the line
     */
    public static List<byte[]> load(Path dir) throws IOException {
        Path file = dir.resolve(SEEDS);
        List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
        List<byte[]> seeds = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.length() != 2 * Ed25519.SECRET_KEY_SIZE) {
                throw new IOException(file + " line " + (i + 1) + ": not a key (64 hex digits)");
            }
            try {
                seeds.add(HEX.parseHex(line));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + " line " + (i + 1) + ": not a key (64 hex digits)");
            }
        }
        return seeds;
    }
}
