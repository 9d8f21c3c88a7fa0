package vpn.core.transport;

import java.nio.charset.StandardCharsets;

/** Helpers for the text messages of the negotiation and the classic protocol. */
public final class Text {

    private Text() {
    }

    /** The bytes as ASCII text, or null if a byte is outside 0x20..0x7e. */
    public static String printableAscii(byte[] buffer, int length) {
        return isPrintableAscii(buffer, length) ? new String(buffer, 0, length, StandardCharsets.US_ASCII) : null;
    }

    /** True if every byte of {@code buffer[0..length)} is in 0x20..0x7e; makes nothing of them. */
    public static boolean isPrintableAscii(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] < 0x20 || buffer[i] > 0x7e) {
                return false;
            }
        }
        return true;
    }

}
