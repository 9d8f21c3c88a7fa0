package vpn.core.secure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import vpn.api.files.FileSafety;
import vpn.core.keys.SshKeys;

/**
 * The client's pinned server keys, SSH's trust-on-first-use model, in OpenSSH's known_hosts form:
 * one line per server, {@code [HOST]:PORT ssh-ed25519 BASE64-WIRE-KEY} (an IPv6 host is already
 * in brackets: {@code [::1]:4600 ssh-ed25519 ...}), so that {@code ssh-keygen -F} and
 * {@code ssh-keygen -lf} read the file. The host is {@link #endpoint(String, int)}'s canonical form.
 * Lines of releases before 0.2, {@code HOST:PORT ed25519 BASE64-RAW-KEY}, are still read.
 * The first secure session with a server pins its key; later sessions must present the same key.
 * To accept a changed key, the user deletes the line: a deliberate act, never automatic.
 *
 * <p>Lines that do not parse are skipped with a warning rather than making every connection fail:
 * a damaged line pins nothing, so skipping it trusts nothing new. A file or directory others can
 * write is refused outright, since whoever can write it chooses which keys we trust.
 */
public final class KnownHosts {

    /** The key type of lines written before 0.2, whose key is the raw 32 bytes rather than SSH's wire encoding. */
    private static final String OLD_KEY_TYPE = "ed25519";
    private static final String WHAT = "known-hosts file";
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    // No leading zeros: "010.0.0.1" is octal to some resolvers, so it stays a name, never normalised.
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final Pattern IPV6_TEXT = Pattern.compile("[0-9a-f:.]+(%[\\w.-]+)?");
    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}._-]+");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

    private final Path file;
    private final Consumer<String> warnings;

    public KnownHosts(Path file) {
        this(file, warning -> { });
    }

    /** @param warnings told, one line each, about lines of the file that are skipped */
    public KnownHosts(Path file, Consumer<String> warnings) {
        this.file = Objects.requireNonNull(file, "file");
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    public Path file() {
        return file;
    }

    /**
     * The canonical {@code HOST:PORT} a key is pinned under: names lowercased but never resolved
     * (resolving would let DNS choose the pin); IPv4 literals in dotted decimal; IPv6 literals in
     * RFC 5952's compressed form, in brackets ({@code [::1]:4600}).
     *
     * @param host a name or an IP literal; an IPv6 literal may be in brackets
     * @throws IllegalArgumentException if {@code host} is neither a name nor a literal, or the port is out of range
     */
    public static String endpoint(String host, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 1-65535");
        }
        String lower = host.toLowerCase(Locale.ROOT);
        boolean bracketed = lower.length() > 2 && lower.startsWith("[") && lower.endsWith("]");
        String bare = bracketed ? lower.substring(1, lower.length() - 1) : lower;
        if (bare.indexOf(':') >= 0 && IPV6_TEXT.matcher(bare).matches()) {
            return ipv6(bare, host) + ":" + port;
        }
        if (!bracketed && (IPV4.matcher(bare).matches() || NAME.matcher(bare).matches())) {
            return bare + ":" + port;
        }
        throw new IllegalArgumentException("'" + host + "' is not a host name or an IP address");
    }

    /** The pinned key for {@code endpoint} ({@code HOST:PORT}, in any form {@link #endpoint} accepts), if any. */
    public Optional<byte[]> lookup(String endpoint) throws IOException {
        String wanted = canonical(endpoint);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        FileSafety.checkDirectory(file, WHAT);
        FileSafety.checkFile(file, WHAT, false);
        // Decoded leniently: a stray non-UTF-8 byte spoils its own line, not the file.
        List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        Optional<byte[]> found = Optional.empty();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            try {
                Pin pin = Pin.parse(line);
                if (found.isEmpty() && pin.endpoint().equals(wanted)) {
                    found = Optional.of(pin.key());
                }
            } catch (IllegalArgumentException e) {
                warnings.accept("warning: " + file + " line " + (i + 1) + ": " + e.getMessage() + "; the line is ignored");
            }
        }
        return found;
    }

    /**
     * Pins {@code publicKey} for {@code endpoint}; the caller checked there was no pin. The file and
     * its directory are created owner-only if missing.
     */
    public void pin(String endpoint, byte[] publicKey) throws IOException {
        String canonical = canonical(endpoint);
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            throw new IllegalArgumentException("an ed25519 public key is 32 bytes, not " + publicKey.length);
        }
        FileSafety.createParent(file);
        FileSafety.checkDirectory(file, WHAT);
        if (Files.exists(file)) {
            FileSafety.checkFile(file, WHAT, false);
        }
        String line = sshHost(canonical) + " " + SshKeys.ED25519 + " "
                + Base64.getEncoder().encodeToString(SshKeys.wire(publicKey)) + "\n";
        if (endsMidLine()) {
            line = "\n" + line; // a hand-edited last line without its newline would swallow ours
        }
        try (SeekableByteChannel channel = Files.newByteChannel(file, EnumSet.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), FileSafety.ownerOnly(file, false))) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private boolean endsMidLine() throws IOException {
        if (!Files.exists(file)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            return channel.size() > 0 && channel.read(last, channel.size() - 1) == 1 && last.get(0) != '\n';
        }
    }

    /**
     * OpenSSH's host field for a port other than 22: the host in brackets, then the port. A
     * canonical IPv6 endpoint ({@code [::1]:4600}) is in that form already.
     */
    private static String sshHost(String canonical) {
        if (canonical.startsWith("[")) {
            return canonical;
        }
        int colon = canonical.lastIndexOf(':');
        return "[" + canonical.substring(0, colon) + "]" + canonical.substring(colon);
    }

    /** {@code HOST:PORT}, also the old unbracketed {@code ::1:4600}: the port follows the last colon. */
    private static String canonical(String endpoint) {
        int colon = endpoint.lastIndexOf(':');
        String port = colon < 0 ? "" : endpoint.substring(colon + 1);
        if (!PORT.matcher(port).matches()) {
            throw new IllegalArgumentException("'" + endpoint + "' is not HOST:PORT");
        }
        return endpoint(endpoint.substring(0, colon), Integer.parseInt(port));
    }

    /**
     * Parsed by the JDK only in brackets: there an address that is not a literal is an error, never
     * a DNS query. An IPv4-mapped address comes back as the IPv4 address it is.
     */
    private static String ipv6(String literal, String host) {
        int percent = literal.indexOf('%');
        String address = percent < 0 ? literal : literal.substring(0, percent);
        String zone = percent < 0 ? "" : literal.substring(percent);
        byte[] bytes;
        try {
            bytes = InetAddress.getByName("[" + address + "]").getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' is not an IPv6 address");
        }
        if (bytes.length == 4) {
            if (!zone.isEmpty()) {
                throw new IllegalArgumentException("'" + host + "' is an IPv4 address with an IPv6 zone");
            }
            return (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        return "[" + compress(bytes) + zone + "]";
    }

    /** RFC 5952: lowercase hex without leading zeros; the first longest run of two or more zero groups becomes "::". */
    private static String compress(byte[] address) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
            } else {
                if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        return text.toString();
    }

    /** One parsed line; {@link #parse} says in its exception message why a line is not one. */
    private record Pin(String endpoint, byte[] key) {

        static Pin parse(String line) {
            String[] fields = line.split("\\s+");
            if (fields.length < 3) { // OpenSSH allows a comment after the key
                throw new IllegalArgumentException("not '[HOST]:PORT " + SshKeys.ED25519 + " KEY'");
            }
            String endpoint;
            try {
                endpoint = host(fields[0]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + fields[0] + "' is not a valid [HOST]:PORT");
            }
            if (!fields[1].equals(SshKeys.ED25519) && !fields[1].equals(OLD_KEY_TYPE)) {
                throw new IllegalArgumentException("unknown key type '" + fields[1] + "' (only " + SshKeys.ED25519 + ")");
            }
            byte[] key;
            try {
                key = Base64.getDecoder().decode(fields[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("the key is not valid base64");
            }
            if (fields[1].equals(SshKeys.ED25519)) {
                try {
                    key = SshKeys.fromWire(key);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("the key is not a valid " + SshKeys.ED25519 + " key");
                }
            } else if (key.length != Ed25519.PUBLIC_KEY_SIZE) {
                throw new IllegalArgumentException("the key is " + key.length + " bytes, an "
                        + OLD_KEY_TYPE + " key is " + Ed25519.PUBLIC_KEY_SIZE);
            }
            return new Pin(endpoint, key);
        }

        /**
         * OpenSSH's {@code [HOST]:PORT}, or the old {@code HOST:PORT}, as a canonical endpoint. The
         * brackets are taken off here because {@link #endpoint} accepts them around IPv6 only.
         */
        private static String host(String field) {
            int close = field.lastIndexOf("]:");
            if (field.startsWith("[") && close > 0) {
                String port = field.substring(close + 2);
                if (!PORT.matcher(port).matches()) {
                    throw new IllegalArgumentException("no port");
                }
                return KnownHosts.endpoint(field.substring(1, close), Integer.parseInt(port));
            }
            return canonical(field);
        }
    }
}
