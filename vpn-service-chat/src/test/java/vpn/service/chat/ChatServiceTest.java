package vpn.service.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerOption;
import vpn.api.service.ServerSettings;
import vpn.service.chat.server.ChatRoom;
import vpn.service.chat.server.RoomLimits;
import vpn.service.chat.testing.MemoryBus;

/** {@code --cluster URI}: which buses the help names, and the usage errors of a URI before anything connects. */
class ChatServiceTest {

    private static ServerSettings settings(String cluster, boolean hasUsers) {
        return new ServerSettings() {
            @Override
            public Optional<String> value(String option) {
                return option.equals(ChatService.CLUSTER) ? Optional.ofNullable(cluster) : Optional.empty();
            }

            @Override
            public boolean flag(String option) {
                return false;
            }

            @Override
            public boolean hasUsers() {
                return hasUsers;
            }
        };
    }

    private static ChatService service(ClusterBuses buses) {
        return new ChatService(new ChatRoom(RoomLimits.DEFAULT, System::nanoTime), buses);
    }

    private final ChatService withMemoryBus = service(new ClusterBuses(Map.of("memory", new MemoryBus())));

    @Test
    void theHelpNamesTheInstalledBusesOrSaysThereIsNone() {
        ServerOption option = withMemoryBus.serverOptions().getFirst();
        assertEquals("--cluster", option.name());
        assertTrue(option.description().contains(": memory://HOST:PORT (docs/deploy.md)"), option.description());
        assertTrue(service(new ClusterBuses(Map.of())).serverOptions().getFirst().description()
                .contains("none installed (the NATS bus is services/vpn-service-chat-nats.jar and services/jnats.jar)"));
    }

    @Test
    void withoutClusterTheRoomIsThisServersAlone() throws Exception {
        assertEquals(Optional.empty(), withMemoryBus.configure(settings(null, false)));
        withMemoryBus.start(null); // nothing to join: it does not even look at the server
        withMemoryBus.stop();
    }

    @Test
    void aClusterUriIsCheckedBeforeTheServerStarts() throws Exception {
        assertEquals(Optional.empty(), withMemoryBus.configure(settings("memory://bus:1", true)));
        assertEquals("--cluster: unknown scheme 'redis'; this installation has memory://HOST:PORT",
                assertThrows(ConfigurationException.class,
                        () -> withMemoryBus.configure(settings("redis://bus:6379", true))).getMessage());
        assertEquals("--cluster: unknown scheme 'bus'; this installation has memory://HOST:PORT",
                assertThrows(ConfigurationException.class,
                        () -> withMemoryBus.configure(settings("bus:4222", true))).getMessage(), "no scheme: the host is taken for one");
        assertTrue(assertThrows(ConfigurationException.class, () -> withMemoryBus.configure(settings("nats://a b", true)))
                .getMessage().startsWith("--cluster: not a URI: "));
        assertEquals("--cluster needs --authorized-keys: the chat serves users only",
                assertThrows(ConfigurationException.class,
                        () -> withMemoryBus.configure(settings("memory://bus:1", false))).getMessage());
    }
}
