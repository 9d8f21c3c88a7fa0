package vpn.core.secure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.Optional;

/**
 * The client's pinned server keys, SSH's trust-on-first-use model: one line per server,
 * {@code HOST:PORT ed25519 BASE64-PUBLIC-KEY}. The first secure session with a server pins its
 * key; later sessions must present the same key. To accept a changed key, the user deletes the
 * line: a deliberate act, never automatic.
 */
public final class KnownHosts {

    private static final String KEY_TYPE = "ed25519";

    private final Path file;

    public KnownHosts(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** The pinned key for {@code endpoint} ({@code HOST:PORT}), if any. */
    public Optional<byte[]> lookup(String endpoint) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 3 && fields[0].equals(endpoint) && fields[1].equals(KEY_TYPE)) {
                try {
                    return Optional.of(Base64.getDecoder().decode(fields[2]));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": the line for " + endpoint + " is malformed");
                }
            }
        }
        return Optional.empty();
    }

    /** Pins {@code publicKey} for {@code endpoint}; the caller checked there was no pin. */
    public void pin(String endpoint, byte[] publicKey) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String line = endpoint + " " + KEY_TYPE + " " + Base64.getEncoder().encodeToString(publicKey) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
