package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import vpn.testing.Mutations;
import vpn.testing.Unicode;

/**
 * SSH's binary encodings (RFC 4251) as {@link SshWriter} writes and {@link SshReader} reads them,
 * and the Ed25519 public key's wire encoding ({@link SshKeys}): fields read back as written; on
 * any bytes a read gives a value or an {@link IllegalArgumentException} saying what was cut
 * short, never reading past the end or another exception.
 */
class SshEncodingProperties {

    /** One field of a message: a u32, a length-prefixed string of bytes, or of UTF-8 text. */
    sealed interface Field {
        void write(SshWriter writer);

        void readAndCheck(SshReader reader);
    }

    record U32(int value) implements Field {
        public void write(SshWriter writer) {
            writer.u32(value);
        }

        public void readAndCheck(SshReader reader) {
            assertEquals(value, reader.u32("u32"));
        }
    }

    record Bytes(byte[] value) implements Field {
        public void write(SshWriter writer) {
            writer.string(value);
        }

        public void readAndCheck(SshReader reader) {
            assertArrayEquals(value, reader.string("string"));
        }
    }

    record Text(String value) implements Field {
        public void write(SshWriter writer) {
            writer.string(value);
        }

        public void readAndCheck(SshReader reader) {
            assertEquals(value, reader.text("text"));
        }
    }

    @Provide
    Arbitrary<List<Field>> messages() {
        Arbitrary<Field> field = Arbitraries.oneOf(
                Arbitraries.integers().map(U32::new),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(100).map(Bytes::new),
                Unicode.strings(30).map(Text::new));
        return field.list().ofMaxSize(8);
    }

    @Property
    void fieldsReadBackAsWritten(@ForAll("messages") List<Field> fields) {
        SshWriter writer = new SshWriter();
        fields.forEach(f -> f.write(writer));
        SshReader reader = new SshReader(writer.toByteArray());
        fields.forEach(f -> f.readAndCheck(reader));
        assertThrows(IllegalArgumentException.class, () -> reader.raw(1, "nothing left"));
    }

    /** Reads of every kind, in an order the property chooses, on any bytes. */
    @Property
    void anyBytesReadAsValuesOrCutShort(@ForAll("anyBytes") byte[] bytes, @ForAll("reads") List<Integer> reads) {
        SshReader reader = new SshReader(bytes);
        try {
            for (int read : reads) {
                switch (read) {
                    case 0 -> reader.u32("u32");
                    case 1 -> reader.string("string");
                    case 2 -> reader.text("text");
                    default -> reader.raw(read - 3, "raw");
                }
            }
        } catch (IllegalArgumentException cutShort) {
            // as documented
        }
    }

    @Provide
    Arbitrary<List<Integer>> reads() {
        return Arbitraries.integers().between(0, 40).list().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        Arbitrary<byte[]> written = messages().map(fields -> {
            SshWriter writer = new SshWriter();
            fields.forEach(f -> f.write(writer));
            return writer.toByteArray();
        });
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(60), Mutations.of(written));
    }

    @Provide
    Arbitrary<byte[]> keys() {
        return Arbitraries.bytes().array(byte[].class).ofSize(32).map(seed -> UserKey.fromPrivate(seed).publicKey());
    }

    @Property
    void aPublicKeyReadsBackFromItsWireEncoding(@ForAll("keys") byte[] key) {
        assertArrayEquals(key, SshKeys.fromWire(SshKeys.wire(key)));
    }

    @Property
    void anyWireEncodingIsAKeyOrRefused(@ForAll("wires") byte[] wire) {
        try {
            assertEquals(32, SshKeys.fromWire(wire).length);
        } catch (IllegalArgumentException refused) {
            // as documented
        }
    }

    @Provide
    Arbitrary<byte[]> wires() {
        return Arbitraries.oneOf(Arbitraries.bytes().array(byte[].class).ofMaxSize(60),
                Mutations.of(keys().map(SshKeys::wire)));
    }
}
