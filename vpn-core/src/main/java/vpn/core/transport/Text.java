package vpn.core.transport;

import java.nio.charset.StandardCharsets;

/** Helpers for the text messages of the negotiation and the classic protocol. */
public final class Text {

    private Text() {
    }

    /** The bytes as ASCII text, or null if a byte is outside 0x20..0x7e. */
    public static String printableAscii(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] < 0x20 || buffer[i] > 0x7e) {
                return null;
            }
        }
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }

    /** True if {@code text} starts with {@code prefix}, or is a beginning of it (more may come). */
    public static boolean startsOrIsPrefixOf(String text, String prefix) {
        return text.startsWith(prefix) || prefix.startsWith(text);
    }
}
