package vpn.service.tunnel.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import vpn.api.service.ServiceException;

/** The byte layouts of docs/tunnel-protocol.md, written out. */
class TunnelCodecTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    @Test
    void openIsTypeChannelWindowPortThenTheHostWithItsLength() throws ServiceException {
        byte[] open = hex("01 00000007 00100000 0050 09 6c6f63616c686f7374");
        assertArrayEquals(open, TunnelCodec.encode(new TunnelMessage.Open(7, 1 << 20, "localhost", 80)));
        assertEquals(new TunnelMessage.Open(7, 1 << 20, "localhost", 80), TunnelCodec.decode(open));
    }

    @Test
    void theOtherMessagesAsTheProtocolWritesThem() {
        assertArrayEquals(hex("02 00000001 01bb 03 3a3a31"), TunnelCodec.encode(new TunnelMessage.Check(1, "::1", 443)));
        assertArrayEquals(hex("20 00000002 00010000"), TunnelCodec.encode(new TunnelMessage.Opened(2, 65536)));
        assertArrayEquals(hex("21 00000003 02 0002 6e6f"),
                TunnelCodec.encode(new TunnelMessage.Refused(3, Reason.CONNECTION_REFUSED, "no")));
        assertArrayEquals(hex("40 ffffffff 616263"), TunnelCodec.encode(new TunnelMessage.Data(-1, "abc".getBytes())));
        assertArrayEquals(hex("41 00000004 00040000"), TunnelCodec.encode(new TunnelMessage.Window(4, 1 << 18)));
        assertArrayEquals(hex("42 00000005"), TunnelCodec.encode(new TunnelMessage.Eof(5)));
        assertArrayEquals(hex("43 00000006 01"), TunnelCodec.encode(new TunnelMessage.Close(6, true)));
        assertArrayEquals(hex("03 00000000"), TunnelCodec.encode(new TunnelMessage.Ping(0)));
        assertArrayEquals(hex("23 00000000"), TunnelCodec.encode(new TunnelMessage.Pong(0)));
        assertArrayEquals(hex("22 00000009"), TunnelCodec.encode(new TunnelMessage.Allowed(9)));
        assertArrayEquals(hex("04 00000001 1f90"), TunnelCodec.encode(new TunnelMessage.Listen(1, 8080)));
        assertArrayEquals(hex("24 00000001 1f90"), TunnelCodec.encode(new TunnelMessage.Listening(1, 8080)));
        assertArrayEquals(hex("25 80000000 00100000 00000001"),
                TunnelCodec.encode(new TunnelMessage.Incoming(Integer.MIN_VALUE, 1 << 20, 1)));
    }

    @Test
    void malformedMessagesAreRefusedWithWhatIsWrong() {
        assertMalformed("a message of 4 bytes, shorter than its header", "40 000000");
        assertMalformed("an unknown message type 153", "99 00000001");
        assertMalformed("a DATA message without data", "40 00000001");
        assertMalformed("1 bytes after a message of type 66", "42 00000001 00");
        assertMalformed("a window of 0 bytes", "41 00000001 00000000");
        assertMalformed("a window of 2147483648 bytes", "20 00000001 80000000");
        assertMalformed("port 0", "02 00000001 0000 01 61");
        assertMalformed("a host that is not 1 to 255 printable ASCII characters", "02 00000001 0050 02 6120");
        assertMalformed("a CLOSE of kind 2", "43 00000001 02");
        assertMalformed("an unknown reason 0", "21 00000001 00 0000");
        assertMalformed("a text that is not UTF-8", "21 00000001 01 0001 ff");
        assertMalformed("a message cut short", "01 00000001 00100000 0050 09 6c6f");
    }

    private static void assertMalformed(String why, String bytes) {
        ServiceException e = assertThrows(ServiceException.class, () -> TunnelCodec.decode(hex(bytes)));
        assertEquals("tunnel: malformed message: " + why, e.getMessage());
    }
}
