package vpn.service.chat;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import vpn.api.service.ConfigurationException;
import vpn.api.service.ServerContext;
import vpn.api.service.ServerOption;
import vpn.api.service.ServerSettings;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.service.chat.cluster.ClusterBusProvider;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.server.ChatRoom;
import vpn.service.chat.server.ChatSessionHandler;
import vpn.service.chat.server.ClusterNode;
import vpn.service.chat.server.RoomLimits;

/**
 * The server half: one room per instance (so per server) for the users the core authenticated;
 * with {@code --cluster URI}, the rooms of several servers joined into one through a message bus.
 * The room never sees a direct message's text; it relays what the clients sealed.
 */
public final class ChatService implements Service {

    public static final String NAME = "chat";
    static final String CLUSTER = "--cluster";

    private final ChatRoom room;
    private final ClusterBuses buses;
    /** Set by configure and start, before the server serves; read by stop. */
    private volatile ClusterBusProvider clusterBus;
    private volatile URI clusterUri;
    private volatile ClusterNode cluster;

    /** For {@link java.util.ServiceLoader}: a room with the protocol's limits. */
    public ChatService() {
        this(new ChatRoom(RoomLimits.DEFAULT, System::nanoTime));
    }

    public ChatService(ChatRoom room) {
        this(room, ClusterBuses.installed());
    }

    ChatService(ChatRoom room, ClusterBuses buses) {
        this.room = room;
        this.buses = buses;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return ChatProtocol.VERSION;
    }

    @Override
    public boolean needsUsers() {
        return true;
    }

    @Override
    public String description() {
        return "a chat room for the server's users: lines to everyone, direct messages encrypted end to end";
    }

    @Override
    public List<ServerOption> serverOptions() {
        return List.of(ServerOption.withValue(CLUSTER, "URI", "Share one chat room with the other servers on "
                + "this message bus: " + buses.schemes() + " (docs/deploy.md)."));
    }

    @Override
    public Optional<String> configure(ServerSettings settings) throws ConfigurationException {
        Optional<String> value = settings.value(CLUSTER);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!settings.hasUsers()) {
            throw new ConfigurationException(CLUSTER + " needs --authorized-keys: the chat serves users only");
        }
        URI uri;
        try {
            uri = new URI(value.get());
        } catch (URISyntaxException e) {
            throw new ConfigurationException(CLUSTER + ": not a URI: " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        clusterBus = buses.forScheme(scheme).orElseThrow(() -> new ConfigurationException(CLUSTER
                + ": unknown scheme '" + scheme + "'; this installation has " + buses.schemes()));
        try {
            clusterBus.validate(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(CLUSTER + ": " + e.getMessage());
        }
        clusterUri = uri;
        return Optional.empty();
    }

    @Override
    public void start(ServerContext context) throws IOException {
        if (clusterBus != null) {
            cluster = ClusterNode.join(room, clusterBus, clusterUri, context.serverKeyFingerprint(), context::log);
        }
    }

    @Override
    public void stop() {
        ClusterNode member = cluster;
        if (member != null) {
            member.leave();
        }
    }

    @Override
    public SessionHandler open(ServiceSession session) throws IOException {
        return ChatSessionHandler.open(room, session);
    }
}
