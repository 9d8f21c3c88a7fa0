package vpn.service.tunnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vpn.api.service.User;
import vpn.service.tunnel.protocol.Reason;

/** The pattern rules of --allow-forward and permitopen, against a table of names instead of DNS. */
class ForwardPolicyTest {

    private final List<String> lookedUp = new ArrayList<>();
    private final Map<String, List<String>> dns = Map.of(
            "db.example.org", List.of("10.0.0.5"),
            "web.example.org", List.of("10.0.0.80", "10.0.0.81"),
            "localhost", List.of("127.0.0.1", "::1"));
    private final Resolver resolver = host -> {
        lookedUp.add(host);
        List<String> addresses = dns.get(host.toLowerCase(java.util.Locale.ROOT));
        if (addresses == null) {
            if (Literals.address(host).isPresent()) {
                return List.of(Literals.address(host).get());
            }
            throw new UnknownHostException(host);
        }
        List<InetAddress> resolved = new ArrayList<>();
        for (String a : addresses) {
            resolved.add(Literals.address(a).orElseThrow());
        }
        return resolved;
    };

    private static User user(Map<String, List<String>> options) {
        return new User("alice", "SHA256:alice", new byte[32], options);
    }

    private ForwardPolicy.Verdict check(String patterns, User user, String host, int port) {
        return ForwardPolicy.of(TunnelSettings.parsePatterns(patterns), user).check(host, port, resolver);
    }

    private ForwardPolicy.Verdict check(String patterns, String host, int port) {
        return check(patterns, user(Map.of()), host, port);
    }

    private static List<String> allowed(ForwardPolicy.Verdict verdict) {
        return ((ForwardPolicy.Allowed) verdict).addresses().stream().map(InetAddress::getHostAddress).toList();
    }

    private static Reason refused(ForwardPolicy.Verdict verdict) {
        return ((ForwardPolicy.Refused) verdict).reason();
    }

    @Test
    void aNameMatchesTheRequestedNameWithoutCaseAndStarMatchesDotsToo() {
        assertEquals(List.of("10.0.0.5"), allowed(check("db.example.org:5432", "DB.example.org", 5432)));
        assertEquals(List.of("10.0.0.80", "10.0.0.81"), allowed(check("*.org:*", "web.example.org", 8080)));
        assertEquals(List.of("10.0.0.5"), allowed(check("*:5432", "db.example.org", 5432)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("db.example.org:5432", "db.example.org", 5433)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("*.example.org:*", "example.org", 80)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("db.example.org:5432", "10.0.0.5", 5432)),
                "a name pattern never matches an address asked for");
    }

    @Test
    void aNameNoPatternAllowsIsRefusedWithoutALookup() {
        assertEquals(Reason.NOT_ALLOWED, refused(check("db.example.org:5432,*.internal:*", "evil.example.com", 5432)));
        assertEquals(List.of(), lookedUp);
    }

    @Test
    void anAddressMatchesWhatTheNameResolvesToAndOnlyThoseAddressesAreTried() {
        assertEquals(List.of("10.0.0.81"), allowed(check("10.0.0.81:80", "web.example.org", 80)));
        assertEquals(List.of("127.0.0.1"), allowed(check("127.0.0.1:22", "localhost", 22)));
        assertEquals(List.of("0:0:0:0:0:0:0:1"), allowed(check("[::1]:22", "localhost", 22)));
        assertEquals(List.of("10.0.0.5"), allowed(check("10.0.0.5:5432", "10.0.0.5", 5432)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("10.0.0.5:5432", "web.example.org", 5432)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("10.0.0.5:5432", "nowhere.example", 5432)),
                "an unknown name no name pattern allows is refused, not unreachable");
    }

    @Test
    void aWildcardAddressIsANamePatternOnTheTextAskedFor() {
        assertEquals(List.of("10.0.0.5"), allowed(check("10.0.*:*", "10.0.0.5", 1)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("10.0.*:*", "db.example.org", 1)));
    }

    @Test
    void anAllowedNameThatDoesNotResolveIsUnreachable() {
        assertEquals(Reason.HOST_UNREACHABLE, refused(check("*:*", "nowhere.example", 80)));
    }

    @Test
    void theKeysPermitopenRestrictsFurtherAndNoPortForwardingForbidsAll() {
        User onlyDb = user(Map.of("permitopen", List.of("db.example.org:5432")));
        assertEquals(List.of("10.0.0.5"), allowed(check("*:*", onlyDb, "db.example.org", 5432)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("*:*", onlyDb, "web.example.org", 80)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("web.example.org:80", onlyDb, "db.example.org", 5432)),
                "both must allow");
        User byAddress = user(Map.of("permitopen", List.of("10.0.0.81:80")));
        assertEquals(List.of("10.0.0.81"), allowed(check("*.example.org:80", byAddress, "web.example.org", 80)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("*:*", user(Map.of("no-port-forwarding", List.of())), "db.example.org", 5432)));
        assertEquals(Reason.NOT_ALLOWED, refused(check("*:*", user(Map.of("restrict", List.of())), "db.example.org", 5432)));
        User restrictedButForwarding = user(Map.of("restrict", List.of(), "port-forwarding", List.of()));
        assertEquals(List.of("10.0.0.5"), allowed(check("*:*", restrictedButForwarding, "db.example.org", 5432)));
        User unreadable = user(Map.of("permitopen", List.of("no port here")));
        assertEquals(Reason.NOT_ALLOWED, refused(check("*:*", unreadable, "db.example.org", 5432)),
                "a permitopen that cannot be read allows nothing");
    }

    @Test
    void theKeysPermitlistenHoldsRemoteForwardsToItsPortsOnTheLoopbackOnly() {
        assertTrue(ForwardPolicy.of(List.of(), user(Map.of())).keyListen().isEmpty(), "no permitlisten: no restriction");
        ListenPolicy ports = ForwardPolicy.of(List.of(), user(Map.of("permitlisten",
                List.of("8080", "localhost:9000", "127.0.0.1:9001", "[::1]:9002", "*:9003", "example.com:7000",
                        "no port", "0", "65536", "localhost:x")))).keyListen().orElseThrow();
        for (int port : new int[] {8080, 9000, 9001, 9002, 9003}) {
            assertTrue(ports.allows(port), port + " is allowed");
        }
        for (int port : new int[] {7000, 8081, 1, 65535}) {
            assertFalse(ports.allows(port), port + " is not: another host, unreadable values and other ports allow nothing");
        }
        assertTrue(ListenPolicy.ofKey(List.of("LOCALHOST:*")).allows(12345), "any port, host names without case");
        assertTrue(ListenPolicy.ofKey(List.of("bad")).isEmpty(), "a key whose only permitlisten is unreadable may listen nowhere");
    }

    @Test
    void patternsAreHostColonPortWithIpv6InBrackets() {
        ForwardPattern v6 = ForwardPattern.parse("[2001:db8::1]:443");
        assertTrue(v6.isAddress());
        assertEquals("[2001:db8::1]:443", v6.toString());
        assertFalse(ForwardPattern.parse("*.example.org:*").isAddress());
        assertFalse(ForwardPattern.parse("127.1:80").isAddress(), "no shorthand addresses: a name");
        for (String bad : List.of("", "host", "host:", ":80", "host:0", "host:65536", "host:8O", "::1:80", "a b:80",
                "host:-1", "host:+80")) {
            assertThrows(IllegalArgumentException.class, () -> ForwardPattern.parse(bad), bad);
        }
    }

    @Test
    void globsAreLinearAndAnchored() {
        assertTrue(Glob.matches("*", ""));
        assertTrue(Glob.matches("a*b*c", "aXXbYYc"));
        assertFalse(Glob.matches("a*b*c", "aXXbYYcd"));
        assertTrue(Glob.matches("*.*.*", "a.b.c"));
        assertFalse(Glob.matches("*.*.*", "a.b"));
        assertTrue(Glob.matches("EXAMPLE.org", "example.ORG"));
        String text = "a".repeat(255);
        assertFalse(Glob.matches("*a*a*a*a*a*a*a*a*a*a*b", text));
    }

    @Test
    void aKeyWhoseNamePatternsMissIsRefusedWithoutALookupEvenWhenTheServerAllowsAnyName() {
        User restricted = user(Map.of("permitopen", List.of("db.example.org:5432")));
        ForwardPolicy.Verdict verdict = check("*:5432", restricted, "web.example.org", 5432);
        assertEquals(Reason.NOT_ALLOWED, refused(verdict));
        assertEquals("forwarding to web.example.org:5432 is not allowed (the server's --allow-forward and your key's permitopen)",
                ((ForwardPolicy.Refused) verdict).text());
        assertEquals(List.of(), lookedUp, "no DNS lookup for a name no pattern could allow");
        assertEquals(List.of("10.0.0.5"), allowed(check("*:5432", restricted, "db.example.org", 5432)));
    }

    @Test
    void anIpv6TargetIsNamedInBracketsInTheRefusal() {
        ForwardPolicy.Verdict verdict = check("db.example.org:5432", "::1", 80);
        assertEquals("forwarding to [::1]:80 is not allowed (the server's --allow-forward)",
                ((ForwardPolicy.Refused) verdict).text());
    }

    @Test
    void patternsAtTheirLimits() {
        assertEquals("'host:' is not HOST:PORT",
                assertThrows(IllegalArgumentException.class, () -> ForwardPattern.parse("host:")).getMessage());
        assertEquals("':80' is not HOST:PORT",
                assertThrows(IllegalArgumentException.class, () -> ForwardPattern.parse(":80")).getMessage());
        assertEquals("a", ForwardPattern.parse("a:80").host());
        assertEquals(8, ForwardPattern.parse("host:8").port().getAsInt());
        assertEquals(1, ForwardPattern.parse("host:1").port().getAsInt());
        assertEquals(65535, ForwardPattern.parse("host:65535").port().getAsInt());
        for (String bad : List.of("host:0", "host:65536")) {
            assertEquals("'" + bad + "': the port is 1 to 65535 or *",
                    assertThrows(IllegalArgumentException.class, () -> ForwardPattern.parse(bad)).getMessage());
        }
        String longest = "h".repeat(255);
        assertEquals(longest, ForwardPattern.parse(longest + ":80").host());
        assertThrows(IllegalArgumentException.class, () -> ForwardPattern.parse("h" + longest + ":80"));
        assertEquals("a~b!", ForwardPattern.parse("a~b!:80").host(), "the printable ends, ! and ~, are allowed");
        assertEquals("'a b:80': the host is 1 to 255 printable characters",
                assertThrows(IllegalArgumentException.class, () -> ForwardPattern.parse("a b:80")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> ForwardPattern.parse("a\u007fb:80"));
    }
}
