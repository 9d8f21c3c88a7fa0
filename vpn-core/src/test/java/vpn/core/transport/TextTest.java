package vpn.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void printableAsciiIsSpaceToTildeAndNothingAround() {
        assertEquals(" ~", Text.printableAscii(new byte[] {0x20, 0x7e}, 2));
        assertNull(Text.printableAscii(new byte[] {'a', 0x1f}, 2));
        assertNull(Text.printableAscii(new byte[] {0x7f, 'a'}, 2));
        assertNull(Text.printableAscii(new byte[] {(byte) 0xc3, (byte) 0xa9}, 2));
    }

    /** Only the first {@code length} bytes count. */
    @Test
    void printableAsciiLooksOnlyAtTheGivenLength() {
        assertEquals("ab", Text.printableAscii(new byte[] {'a', 'b', 0x00}, 2));
        assertEquals("", Text.printableAscii(new byte[] {0x00}, 0));
    }
}
