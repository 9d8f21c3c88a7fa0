package vpn.testing;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * For the property tests: valid encodings damaged the way a hostile or broken peer damages them,
 * one to three times: cut short, a bit flipped, a byte or character changed, inserted or removed,
 * a stretch repeated, junk appended. Positions are fractions of the length, so that a mutation
 * applies to an input of any length, and shrinks well. 
 */
public final class Mutations {

    private Mutations() {
    }

    /** One change at a relative position {@code where} (0 to 1); {@code value} is the byte or character put in. */
    public record Mutation(Kind kind, double where, int value) {

        public enum Kind { CUT, FLIP_BIT, SET, INSERT, DELETE, REPEAT, APPEND }

        public byte[] apply(byte[] bytes) {
            int at = (int) Math.min(bytes.length, Math.floor(where * (bytes.length + 1)));
            int inside = Math.min(at, bytes.length - 1);
            return switch (kind) {
                case CUT -> Arrays.copyOf(bytes, Math.min(at, Math.max(0, bytes.length - 1)));
                case FLIP_BIT -> bytes.length == 0 ? bytes : with(bytes, inside, (byte) (bytes[inside] ^ (1 << (value & 7))));
                case SET -> bytes.length == 0 ? bytes : with(bytes, inside, (byte) value);
                case INSERT -> splice(bytes, at, at, new byte[] {(byte) value});
                case DELETE -> bytes.length == 0 ? bytes : splice(bytes, inside, inside + 1, new byte[0]);
                case REPEAT -> splice(bytes, at, at, Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + 1 + (value & 0xff))));
                case APPEND -> splice(bytes, bytes.length, bytes.length, new byte[] {(byte) value, (byte) (value >> 8)});
            };
        }

        public String apply(String text, String alphabet) {
            int at = (int) Math.min(text.length(), Math.floor(where * (text.length() + 1)));
            int inside = Math.min(at, text.length() - 1);
            String put = String.valueOf(alphabet.charAt(Math.floorMod(value, alphabet.length())));
            return switch (kind) {
                case CUT -> text.substring(0, Math.min(at, Math.max(0, text.length() - 1)));
                case FLIP_BIT -> text.isEmpty() ? text
                        : text.substring(0, inside) + (char) (text.charAt(inside) ^ (1 << (value & 7))) + text.substring(inside + 1);
                case SET -> text.isEmpty() ? text : text.substring(0, inside) + put + text.substring(inside + 1);
                case INSERT -> text.substring(0, at) + put + text.substring(at);
                case DELETE -> text.isEmpty() ? text : text.substring(0, inside) + text.substring(inside + 1);
                case REPEAT -> text.substring(0, at) + text.substring(at, Math.min(text.length(), at + 1 + (value & 0xff)))
                        + text.substring(at);
                case APPEND -> text + put;
            };
        }

        private static byte[] with(byte[] bytes, int index, byte value) {
            byte[] changed = bytes.clone();
            changed[index] = value;
            return changed;
        }

        private static byte[] splice(byte[] bytes, int from, int to, byte[] insert) {
            byte[] out = new byte[bytes.length - (to - from) + insert.length];
            System.arraycopy(bytes, 0, out, 0, from);
            System.arraycopy(insert, 0, out, from, insert.length);
            System.arraycopy(bytes, to, out, from + insert.length, bytes.length - to);
            return out;
        }
    }

    /** One to three mutations. */
    public static Arbitrary<List<Mutation>> mutations() {
        return Combinators.combine(Arbitraries.of(Mutation.Kind.class), Arbitraries.doubles().between(0, 1),
                        Arbitraries.integers().between(0, 0xffff))
                .as(Mutation::new)
                .list().ofMinSize(1).ofMaxSize(3);
    }

    /** {@code valid} damaged one to three times. */
    public static Arbitrary<byte[]> of(Arbitrary<byte[]> valid) {
        return Combinators.combine(valid, mutations()).as((bytes, mutations) -> {
            byte[] damaged = bytes;
            for (Mutation mutation : mutations) {
                damaged = mutation.apply(damaged);
            }
            return damaged;
        });
    }

    /**
     * {@code valid} texts damaged one to three times; characters put in come from {@code alphabet}
     * (the parser's separators and other characters worth trying).
     */
    public static Arbitrary<String> ofText(Arbitrary<String> valid, String alphabet) {
        return Combinators.combine(valid, mutations()).as((text, mutations) -> {
            String damaged = text;
            for (Mutation mutation : mutations) {
                damaged = mutation.apply(damaged, alphabet);
            }
            return damaged;
        });
    }

    /** Every strict prefix of {@code bytes}, shortest first: what a reader sees before a message is whole. */
    public static List<byte[]> prefixes(byte[] bytes) {
        return java.util.stream.IntStream.range(0, bytes.length).mapToObj(n -> Arrays.copyOf(bytes, n)).toList();
    }
}
