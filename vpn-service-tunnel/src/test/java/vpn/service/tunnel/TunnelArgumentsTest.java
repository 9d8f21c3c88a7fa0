package vpn.service.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The operands and options of vpn forward and vpn socks. */
class TunnelArgumentsTest {

    @Test
    void forwardArgumentsAreLocalPortHostAndPortWithIpv6InBrackets() {
        assertEquals(new TunnelArguments.Forward(8080, "::1", 80), TunnelArguments.Forward.parse("8080:[::1]:80"));
        assertEquals(new TunnelArguments.Forward(0, "db.example.org", 5432),
                TunnelArguments.Forward.parse("0:db.example.org:5432"));
        for (String bad : new String[] {"8080", "8080:host", "x:host:80", "8080:host:0", "8080:::1:80", "70000:h:1",
                "8080::80"}) {
            assertThrows(IllegalArgumentException.class, () -> TunnelArguments.Forward.parse(bad), bad);
        }
        assertEquals("unknown option '--reverse' (vpn forward --help lists the options)", assertThrows(
                IllegalArgumentException.class, () -> TunnelArguments.parse(List.of("--reverse", "1:h:2"),
                        "forward")).getMessage());
        assertEquals(true, TunnelArguments.parse(List.of("--remote", "1:h:2"), "forward").remote());
        assertThrows(IllegalArgumentException.class, () -> TunnelArguments.parse(List.of("--remote", "1080"), "socks"));
    }

    @Test
    void bindIsAnAddressAndLocalPortsMayBeZero() {
        TunnelArguments parsed = TunnelArguments.parse(List.of("--bind", "::1", "1080"), "socks");
        assertEquals("0:0:0:0:0:0:0:1", parsed.bind().getHostAddress());
        assertEquals(List.of("1080"), parsed.operands());
        assertEquals("127.0.0.1", TunnelArguments.parse(List.of("0"), "socks").bind().getHostAddress());
        assertEquals(0, TunnelArguments.localPort("0"));
        assertThrows(IllegalArgumentException.class, () -> TunnelArguments.localPort("65536"));
        assertThrows(IllegalArgumentException.class, () -> TunnelArguments.parse(List.of("--bind"), "socks"));
    }
}
