package vpn.service.chat.client;

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
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import vpn.service.chat.crypto.SshEd25519;
import vpn.testing.Mutations;
import vpn.testing.Scratch;
import vpn.testing.Unicode;

/**
 * The pin file of users' keys ({@link KnownUsers}, {@code NAME ssh-ed25519 BASE64} lines): a pin
 * written is read back for its name, whatever the name holds that one line can; a file of any
 * lines, any bytes, loads, unreadable lines skipped with a warning each, and a good pin among
 * them still counts. The wire encoding ({@link SshEd25519}) reads back, and refuses anything
 * else with {@link IllegalArgumentException}.
 */
class KnownUsersProperties {

    private static final Scratch SCRATCH = Scratch.create("known-users");

    @AfterContainer
    static void removeScratch() {
        SCRATCH.close();
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(seed -> {
            byte[] key = new byte[Ed25519.PUBLIC_KEY_SIZE];
            Ed25519.generatePublicKey(seed, 0, key, 0);
            return key;
        });
    }

    /** Names one line can hold: no control characters, no white space at the ends, not a comment. */
    @Provide
    Arbitrary<String> names() {
        return Unicode.strings(20).map(String::strip)
                .filter(n -> !n.isEmpty() && !n.startsWith("#") && n.equals(n.strip())
                        && n.codePoints().noneMatch(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029));
    }

    @Property(tries = 300)
    void aPinIsReadBackForItsName(@ForAll("names") String name, @ForAll("keys") byte[] key, @ForAll("keys") byte[] other)
            throws Exception {
        Path file = SCRATCH.newFile("known_users");
        List<String> warnings = new ArrayList<>();
        assertEquals(Optional.empty(), KnownUsers.load(file, warnings::add).differentPinnedKey(name, key));

        KnownUsers reloaded = KnownUsers.load(file, warnings::add);
        assertEquals(List.of(), warnings);
        assertEquals(Optional.empty(), reloaded.differentPinnedKey(name, key));
        if (!java.util.Arrays.equals(key, other)) {
            assertArrayEquals(key, reloaded.differentPinnedKey(name, other).orElseThrow());
        }
    }

    @Provide
    Arbitrary<byte[]> lines() {
        Arbitrary<String> pins = Combinators.combine(names(), keys()).as(KnownUsersProperties::line);
        Arbitrary<String> text = Arbitraries.oneOf(pins, Arbitraries.of("", "# a comment", "  "),
                Mutations.ofText(pins, " \t#AQ=+/ssh-ed25519\u00e9\u2003"), Arbitraries.strings().ofMaxLength(60));
        return Arbitraries.oneOf(text.map(t -> t.getBytes(StandardCharsets.UTF_8)),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(60));
    }

    @Property(tries = 300)
    void aFileOfAnyLinesLoadsWithWarnings(@ForAll("names") String name, @ForAll("keys") byte[] key,
            @ForAll("lineLists") List<byte[]> others) throws Exception {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes((line(name, key) + "\n").getBytes(StandardCharsets.UTF_8));
        others.forEach(bytes -> {
            content.writeBytes(bytes);
            content.write('\n');
        });
        Path file = SCRATCH.newFile("known_users");
        Files.write(file, content.toByteArray());
        List<String> warnings = new ArrayList<>();

        KnownUsers knownUsers = KnownUsers.load(file, warnings::add);

        assertEquals(Optional.empty(), knownUsers.differentPinnedKey(name, key), "the first pin of a name wins");
        assertTrue(warnings.size() < content.toString(StandardCharsets.UTF_8).lines().count(), warnings.toString());
    }

    @Provide
    Arbitrary<List<byte[]>> lineLists() {
        return lines().list().ofMaxSize(10);
    }

    @Property
    void aKeyReadsBackFromItsWireEncoding(@ForAll("keys") byte[] key) {
        assertArrayEquals(key, SshEd25519.fromWire(SshEd25519.wire(key)));
    }

    @Property
    void anyWireEncodingIsAKeyOrRefused(@ForAll("wires") byte[] wire) {
        try {
            assertEquals(32, SshEd25519.fromWire(wire).length);
        } catch (IllegalArgumentException refused) {
            // as documented
        }
    }

    @Provide
    Arbitrary<byte[]> wires() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(60),
                Mutations.of(keys().map(SshEd25519::wire)));
    }

    private static String line(String name, byte[] key) {
        return name + " " + SshEd25519.TYPE + " " + Base64.getEncoder().encodeToString(SshEd25519.wire(key));
    }
}
