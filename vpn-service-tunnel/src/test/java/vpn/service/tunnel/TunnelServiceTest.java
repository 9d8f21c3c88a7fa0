package vpn.service.tunnel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerSettings;

/** What {@code vpn server} accepts of the tunnel's options. */
class TunnelServiceTest {

    private static ServerSettings settings(Map<String, String> values, boolean users) {
        return new ServerSettings() {
            @Override
            public Optional<String> value(String option) {
                return Optional.ofNullable(values.get(option));
            }

            @Override
            public boolean flag(String option) {
                return false;
            }

            @Override
            public boolean hasUsers() {
                return users;
            }
        };
    }

    @Test
    void withoutAllowForwardTheServiceIsInstalledButNotOffered() throws ConfigurationException {
        assertEquals(Optional.of("this server runs without --allow-forward"),
                new TunnelService().configure(settings(Map.of(), true)));
    }

    @Test
    void tunnelsNeedUsersAndPatternsThatReadAndAnIdleTimeoutInRange() {
        assertEquals("--allow-forward needs --authorized-keys: tunnels are for known users",
                assertThrows(ConfigurationException.class, () -> new TunnelService().configure(
                        settings(Map.of("--allow-forward", "*:*"), false))).getMessage());
        assertEquals("--allow-forward: 'db.example.org' is not HOST:PORT",
                assertThrows(ConfigurationException.class, () -> new TunnelService().configure(
                        settings(Map.of("--allow-forward", "web:80,db.example.org"), true))).getMessage());
        assertEquals("--forward-idle-timeout takes 1 to 604800 seconds, not '0'",
                assertThrows(ConfigurationException.class, () -> new TunnelService().configure(settings(
                        Map.of("--allow-forward", "*:*", "--forward-idle-timeout", "0"), true))).getMessage());
        assertEquals("--forward-idle-timeout needs --allow-forward",
                assertThrows(ConfigurationException.class, () -> new TunnelService().configure(
                        settings(Map.of("--forward-idle-timeout", "5"), true))).getMessage());
    }

    @Test
    void aServerWithUsersAndPatternsOffersIt() throws ConfigurationException {
        assertEquals(Optional.empty(), new TunnelService().configure(settings(
                Map.of("--allow-forward", "db.example.org:5432,[::1]:*", "--forward-idle-timeout", "60"), true)));
    }

    @Test
    void remoteForwardingAloneOffersTheServiceAndItsPortsMustRead() throws ConfigurationException {
        assertEquals(Optional.empty(), new TunnelService().configure(settings(
                Map.of("--allow-remote-forward", "8080,9000-9100,*"), true)));
        assertEquals("--allow-remote-forward needs --authorized-keys: tunnels are for known users",
                assertThrows(ConfigurationException.class, () -> new TunnelService().configure(
                        settings(Map.of("--allow-remote-forward", "8080"), false))).getMessage());
        for (String bad : new String[] {"0", "70000", "9100-9000", "80-90-100", "x", ""}) {
            assertThrows(ConfigurationException.class, () -> new TunnelService().configure(
                    settings(Map.of("--allow-remote-forward", bad), true)), bad);
        }
        vpn.service.tunnel.server.ListenPolicy ports = vpn.service.tunnel.server.ListenPolicy.parse("8080, 9000-9002");
        assertEquals(true, ports.allows(8080));
        assertEquals(true, ports.allows(9002));
        assertEquals(false, ports.allows(9003));
        assertEquals(false, vpn.service.tunnel.server.ListenPolicy.NONE.allows(8080));
    }
}
