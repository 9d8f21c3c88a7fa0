package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import vpn.core.keys.SshKeys;
import vpn.core.keys.UserKey;
import vpn.testing.Mutations;
import vpn.testing.Scratch;

/**
 * The known-hosts file ({@link KnownHosts}, docs/protocol-secure.md section 6): every spelling of
 * a host (a name in any case, an IPv4 literal, an IPv6 literal written out, compressed, in
 * brackets, IPv4-mapped) gives one canonical endpoint, which is its own canonical form; a pin is
 * found under any spelling of its host; any other host text is refused with
 * {@link IllegalArgumentException}, never looked up in the DNS; and a file of any lines, any bytes,
 * never fails a lookup: a damaged line costs a warning, and the pin among them is still found.
 */
class KnownHostsProperties {

    private static final Scratch SCRATCH = Scratch.create("known-hosts");

    @AfterContainer
    static void removeScratch() {
        SCRATCH.close();
    }

    /** One host, spelled several ways, and its port. */
    record Host(List<String> spellings, int port) {
        String endpoint() {
            return KnownHosts.endpoint(spellings.getFirst(), port);
        }
    }

    @Provide
    Arbitrary<Host> hosts() {
        Arbitrary<Integer> ports = Arbitraries.integers().between(1, 65535);
        return Combinators.combine(Arbitraries.oneOf(names(), ipv4(), ipv6()), ports).as(Host::new);
    }

    /** A DNS-like name, in random case (never resolved, only lowercased). */
    private static Arbitrary<List<String>> names() {
        Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').withChars("-_é")
                .ofMinLength(1).ofMaxLength(10);
        return label.list().ofMinSize(1).ofMaxSize(4).map(labels -> String.join(".", labels))
                .map(name -> List.of(name, name.toUpperCase(Locale.ROOT), mixedCase(name)));
    }

    /** An IPv4 literal, and the same address IPv4-mapped in IPv6, which the JDK reads as IPv4. */
    private static Arbitrary<List<String>> ipv4() {
        return Arbitraries.integers().between(0, 255).list().ofSize(4).map(octets -> {
            String dotted = octets.stream().map(String::valueOf).collect(Collectors.joining("."));
            return List.of(dotted, "::ffff:" + dotted, "[::FFFF:" + dotted + "]");
        });
    }

    /** An IPv6 address with runs of zero groups, written out, with leading zeros, in upper case, in brackets. */
    private static Arbitrary<List<String>> ipv6() {
        Arbitrary<Integer> group = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 0xffff));
        Arbitrary<String> zone = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9').ofMinLength(1).ofMaxLength(6)
                        .map(z -> "%" + z));
        return Combinators.combine(group.list().ofSize(8), zone).as((groups, z) -> {
            // Not IPv4-mapped (::ffff:0:0/96): the JDK reads that as IPv4, which ipv4() spells.
            if (groups.get(5) == 0xffff && groups.subList(0, 5).stream().allMatch(g -> g == 0)) {
                groups = new ArrayList<>(groups);
                groups.set(0, 1);
            }
            String plain = groups.stream().map(Integer::toHexString).collect(Collectors.joining(":"));
            String padded = groups.stream().map(g -> String.format("%04X", g)).collect(Collectors.joining(":"));
            return List.of(plain + z, "[" + padded + z + "]", "[" + plain + z + "]");
        });
    }

    private static String mixedCase(String name) {
        return IntStream.range(0, name.length()).mapToObj(i -> {
            String c = name.substring(i, i + 1);
            return i % 2 == 0 ? c.toUpperCase(Locale.ROOT) : c;
        }).collect(Collectors.joining());
    }

    @Property
    void everySpellingOfAHostGivesOneCanonicalEndpoint(@ForAll("hosts") Host host) {
        String endpoint = host.endpoint();
        for (String spelling : host.spellings()) {
            assertEquals(endpoint, KnownHosts.endpoint(spelling, host.port()), spelling);
        }
        String canonicalHost = endpoint.substring(0, endpoint.lastIndexOf(':'));
        assertEquals(endpoint, KnownHosts.endpoint(canonicalHost, host.port()), "not its own canonical form");
        assertEquals(endpoint.toLowerCase(Locale.ROOT), endpoint);
    }

    @Provide
    Arbitrary<String> hostTexts() {
        String alphabet = "[]:.%0123456789abcdefABCDEFxyz-_ é\0\n";
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(30),
                Arbitraries.strings().withChars(alphabet).ofMaxLength(30),
                Mutations.ofText(hosts().map(h -> h.spellings().getLast()), alphabet));
    }

    /** Anything else is an endpoint or an {@link IllegalArgumentException}; brackets keep the JDK from asking the DNS. */
    @Property
    void anyHostTextIsAnEndpointOrRefused(@ForAll("hostTexts") String text, @ForAll @IntRange(min = -1, max = 70000) int port) {
        try {
            String endpoint = KnownHosts.endpoint(text, port);
            assertTrue(port >= 1 && port <= 65535);
            assertEquals(endpoint, KnownHosts.endpoint(endpoint.substring(0, endpoint.lastIndexOf(':')), port));
        } catch (IllegalArgumentException refused) {
            // as documented
        }
    }

    @Property(tries = 300)
    void aPinIsFoundUnderAnySpellingOfItsHost(@ForAll("hosts") Host host, @ForAll("keys") byte[] key) throws Exception {
        KnownHosts knownHosts = new KnownHosts(SCRATCH.newFile("known_hosts"));
        knownHosts.pin(host.endpoint(), key);
        for (String spelling : host.spellings()) {
            String bracketed = spelling.contains(":") && !spelling.startsWith("[") ? "[" + spelling + "]" : spelling;
            assertArrayEquals(key, knownHosts.lookup(bracketed + ":" + host.port()).orElseThrow(), spelling);
        }
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(seed -> UserKey.fromPrivate(seed).publicKey());
    }

    /** Lines a file may hold: pins in both forms, comments, blanks, damaged pins, junk, and bytes that are not UTF-8. */
    @Provide
    Arbitrary<byte[]> lines() {
        Arbitrary<String> pins = Combinators.combine(hosts(), keys()).as(KnownHostsProperties::line);
        Arbitrary<String> text = Arbitraries.oneOf(pins, Arbitraries.of("", "# a comment", "   "),
                Mutations.ofText(pins, "[]: .#\t\u00e9AQ=+/"), Arbitraries.strings().ofMaxLength(80));
        return Arbitraries.oneOf(text.map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(80));
    }

    /** The pin form written since 0.2, or the old one ({@code HOST:PORT ed25519 BASE64-RAW-KEY}). */
    private static String line(Host host, byte[] key) {
        String endpoint = host.endpoint();
        int colon = endpoint.lastIndexOf(':');
        String hostPart = endpoint.substring(0, colon);
        return hostPart.startsWith("[") || host.port() % 2 == 0
                ? (hostPart.startsWith("[") ? hostPart : "[" + hostPart + "]") + endpoint.substring(colon) + " "
                        + SshKeys.ED25519 + " " + Base64.getEncoder().encodeToString(SshKeys.wire(key))
                : endpoint + " ed25519 " + Base64.getEncoder().encodeToString(key);
    }

    @Property(tries = 300)
    void aFileOfAnyLinesNeverFailsALookup(@ForAll("hosts") Host host, @ForAll("keys") byte[] key,
            @ForAll("lineLists") List<byte[]> others) throws Exception {
        Path file = SCRATCH.newFile("known_hosts");
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes((line(host, key) + "\n").getBytes(StandardCharsets.UTF_8));
        others.forEach(bytes -> {
            content.writeBytes(bytes);
            content.write('\n');
        });
        Files.write(file, content.toByteArray());
        List<String> warnings = new ArrayList<>();
        KnownHosts knownHosts = new KnownHosts(file, warnings::add);

        assertArrayEquals(key, knownHosts.lookup(host.endpoint()).orElseThrow());
        assertTrue(warnings.size() <= content.toString(StandardCharsets.UTF_8).lines().count());
        warnings.forEach(w -> assertTrue(w.startsWith("warning: " + file + " line "), w));
    }

    @Provide
    Arbitrary<List<byte[]>> lineLists() {
        return lines().list().ofMaxSize(12);
    }
}
