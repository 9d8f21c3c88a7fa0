package vpn.service.tunnel.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.service.tunnel.protocol.Reason;

/** The SOCKS5 handshake of RFC 1928, byte for byte, and the replies to what this proxy does not do. */
class Socks5Test {

    private final ByteArrayOutputStream replies = new ByteArrayOutputStream();

    private Optional<Socks5.Request> handshake(String hex) throws IOException {
        byte[] bytes = HexFormat.of().parseHex(hex.replace(" ", ""));
        return Socks5.handshake(new DataInputStream(new ByteArrayInputStream(bytes)), replies);
    }

    private String replies() {
        return HexFormat.of().formatHex(replies.toByteArray());
    }

    @Test
    void aConnectToANameAnIpv4AndAnIpv6Address() throws IOException {
        assertEquals(Optional.of(new Socks5.Request("example.org", 443)),
                handshake("05 02 02 00  05 01 00 03 0b 6578616d706c652e6f7267 01bb"));
        assertEquals("0500", replies(), "no authentication chosen from the two offered");
        assertEquals(Optional.of(new Socks5.Request("10.0.0.5", 80)), handshake("05 01 00  05 01 00 01 0a000005 0050"));
        assertEquals(Optional.of(new Socks5.Request("0:0:0:0:0:0:0:1", 22)),
                handshake("05 01 00  05 01 00 04 00000000000000000000000000000001 0016"));
    }

    @Test
    void whatThisProxyDoesNotDoGetsItsReplyCode() throws IOException {
        assertEquals(Optional.empty(), handshake("05 01 02"));
        assertEquals("05ff", replies(), "only username/password offered: no acceptable method");
        replies.reset();
        assertEquals(Optional.empty(), handshake("05 01 00  05 02 00 01 0a000005 0050"));
        assertEquals("0500" + "05070001000000000000", replies(), "BIND: command not supported");
        replies.reset();
        assertEquals(Optional.empty(), handshake("05 01 00  05 01 00 09"));
        assertEquals("0500" + "05080001000000000000", replies(), "address type not supported");
        replies.reset();
        assertEquals(Optional.empty(), handshake("05 01 00  05 01 00 03 03 610a62 0050"));
        assertEquals("0500" + "05040001000000000000", replies(), "a name with a control character: host unreachable");
    }

    @Test
    void notSocks5OrCutShortIsAnError() {
        assertThrows(IOException.class, () -> handshake("04 01 0050 7f000001 00"));
        assertThrows(EOFException.class, () -> handshake("05 01 00  05 01 00 03 0b 6578"));
    }

    @Test
    void theServersReasonsBecomeTheReplyCodesClientsExpect() {
        assertEquals(0x02, Socks5.replyFor(Reason.NOT_ALLOWED));
        assertEquals(0x05, Socks5.replyFor(Reason.CONNECTION_REFUSED));
        assertEquals(0x04, Socks5.replyFor(Reason.HOST_UNREACHABLE));
        assertEquals(0x03, Socks5.replyFor(Reason.NETWORK_UNREACHABLE));
        assertEquals(0x04, Socks5.replyFor(Reason.TIMED_OUT));
        assertEquals(0x01, Socks5.replyFor(Reason.TOO_MANY));
    }

    @Test
    void aReplyIsTenBytes() throws IOException {
        Socks5.reply(replies, Socks5.SUCCEEDED);
        assertArrayEquals(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0}, replies.toByteArray());
    }
}
