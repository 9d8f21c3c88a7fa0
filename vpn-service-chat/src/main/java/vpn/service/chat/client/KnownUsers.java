package vpn.service.chat.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import vpn.api.files.FileSafety;
import vpn.service.chat.crypto.SshEd25519;

/**
 * The users' keys this client has seen, pinned on first use as SSH pins hosts: one line per user,
 * {@code NAME ssh-ed25519 BASE64} (the key's SSH wire encoding), {@code #} comments and blank
 * lines ignored, the first line for a name wins. The server vouches for users' keys; the pins
 * make sure that it cannot later swap a key it vouched for without the user seeing it.
 */
public final class KnownUsers {

    private static final String WHAT = "known users file";

    private final Path file;
    private final Consumer<String> warnings;
    private final Map<String, byte[]> pinned;

    private KnownUsers(Path file, Consumer<String> warnings, Map<String, byte[]> pinned) {
        this.file = file;
        this.warnings = warnings;
        this.pinned = pinned;
    }

    /**
     * Reads the pins; a missing file has none. Lines that cannot be read are skipped with a warning.
     *
     * @param warnings where warning lines go
     * @throws IOException if the file exists but cannot be read, or others could change it or its
     *     directory (the message names the chmod that fixes it)
     */
    public static KnownUsers load(Path file, Consumer<String> warnings) throws IOException {
        // Pins decide whom the user trusts: like known_hosts, refused if others could change them.
        if (Files.exists(file)) { // else the first pin makes it, in a folder made for it
            FileSafety.checkDirectory(file, WHAT);
            FileSafety.checkFile(file, WHAT, false);
        }
        Map<String, byte[]> pinned = new HashMap<>();
        List<String> lines;
        try {
            // Decoded leniently: a stray non-UTF-8 byte spoils its own line (skipped with a
            // warning), not the file.
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            lines = List.of();
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Pin pin = Pin.parse(line);
                pinned.putIfAbsent(pin.name(), pin.key());
            } catch (IllegalArgumentException e) {
                warnings.accept(ChatLines.skippedPin(file, i + 1, e.getMessage()));
            }
        }
        return new KnownUsers(file, warnings, pinned);
    }

    /**
     * Compares {@code key} with the key pinned for {@code name}, pinning it if there is none.
     *
     * @return the pinned key, if it is another one
     */
    public synchronized Optional<byte[]> differentPinnedKey(String name, byte[] key) {
        byte[] known = pinned.get(name);
        if (known != null) {
            return Arrays.equals(known, key) ? Optional.empty() : Optional.of(known.clone());
        }
        pinned.put(name, key.clone());
        save(name, key);
        return Optional.empty();
    }

    private void save(String name, byte[] key) {
        if (!Pin.storable(name)) {
            warnings.accept(ChatLines.notPinned(name, file, "the name cannot be written on one line"));
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, new Pin(name, key).line() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            warnings.accept(ChatLines.notPinned(name, file, e.toString()));
        }
    }

    /** One line of the file. */
    private record Pin(String name, byte[] key) {

        /** The name is everything before the last two fields, so it may hold spaces. */
        static Pin parse(String line) {
            String[] fields = line.split("\\s+");
            if (fields.length < 3) {
                throw new IllegalArgumentException("not NAME " + SshEd25519.TYPE + " BASE64");
            }
            String type = fields[fields.length - 2];
            if (!type.equals(SshEd25519.TYPE)) {
                throw new IllegalArgumentException("not an " + SshEd25519.TYPE + " key: " + type);
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(fields[fields.length - 1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the key is not base64");
            }
            String name = line.substring(0, line.length() - fields[fields.length - 1].length()).strip();
            name = name.substring(0, name.length() - type.length()).strip();
            return new Pin(name, SshEd25519.fromWire(blob));
        }

        /** A name that reads back as itself: no control characters, no whitespace at the ends. */
        static boolean storable(String name) {
            return !name.isEmpty() && name.equals(name.strip()) && name.codePoints().noneMatch(Character::isISOControl)
                    && !name.startsWith("#") && name.codePoints().noneMatch(c -> c == '\u2028' || c == '\u2029');
        }

        String line() {
            return name + " " + SshEd25519.TYPE + " " + Base64.getEncoder().encodeToString(SshEd25519.wire(key));
        }
    }
}
