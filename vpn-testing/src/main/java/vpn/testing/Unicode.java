package vpn.testing;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * For the property tests: text that is valid Unicode, so that it survives UTF-8 both ways, from
 * every plane (ASCII, accents, CJK, emoji) and with control characters.
 */
public final class Unicode {

    private Unicode() {
    }

    /** Strings of at most {@code maxCodePoints} code points, none of them a lone surrogate. */
    public static Arbitrary<String> strings(int maxCodePoints) {
        Arbitrary<Integer> codePoints = Arbitraries.frequencyOf(
                        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
                        Tuple.of(1, Arbitraries.integers().between(0, 0x1f)),
                        Tuple.of(2, Arbitraries.integers().between(0x80, 0xd7ff)),
                        Tuple.of(1, Arbitraries.integers().between(0xe000, 0xffff)),
                        Tuple.of(1, Arbitraries.integers().between(0x10000, 0x10ffff)));
        return codePoints.list().ofMaxSize(maxCodePoints).map(Unicode::of);
    }

    /** Strings of {@code count} code points, each taking {@code bytes} bytes of UTF-8 (1 to 4). */
    public static Arbitrary<String> ofUtf8Width(int count, int bytes) {
        Arbitrary<Integer> codePoints = switch (bytes) {
            case 1 -> Arbitraries.integers().between(0x20, 0x7e);
            case 2 -> Arbitraries.integers().between(0x80, 0x7ff);
            case 3 -> Arbitraries.integers().between(0x800, 0xd7ff);
            case 4 -> Arbitraries.integers().between(0x10000, 0x10ffff);
            default -> throw new IllegalArgumentException("a code point takes 1 to 4 bytes of UTF-8, not " + bytes);
        };
        return codePoints.list().ofSize(count).map(Unicode::of);
    }

    /** Strings of {@code minBytes} to {@code maxBytes} bytes of UTF-8, cut between characters to fit. */
    public static Arbitrary<String> ofUtf8Bytes(int minBytes, int maxBytes) {
        return strings(maxBytes).map(text -> {
            int bytes = 0;
            int end = 0;
            while (end < text.length()) {
                int codePoint = text.codePointAt(end);
                int width = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
                if (bytes + width > maxBytes) {
                    break;
                }
                bytes += width;
                end += Character.charCount(codePoint);
            }
            return text.substring(0, end);
        }).filter(text -> text.getBytes(StandardCharsets.UTF_8).length >= minBytes);
    }

    private static String of(java.util.List<Integer> codePoints) {
        StringBuilder text = new StringBuilder();
        codePoints.forEach(text::appendCodePoint);
        return text.toString();
    }
}
