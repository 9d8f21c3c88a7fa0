package vpn.service.chat;

import java.io.IOException;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.server.ChatRoom;
import vpn.service.chat.server.ChatSessionHandler;
import vpn.service.chat.server.RoomLimits;

/**
 * The server half: one room per instance (so per server) for the users the core authenticated.
 * The room never sees a direct message's text; it relays what the clients sealed.
 */
public final class ChatService implements Service {

    public static final String NAME = "chat";

    private final ChatRoom room;

    /** For {@link java.util.ServiceLoader}: a room with the protocol's limits. */
    public ChatService() {
        this(new ChatRoom(RoomLimits.DEFAULT, System::nanoTime));
    }

    public ChatService(ChatRoom room) {
        this.room = room;
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
    public SessionHandler open(ServiceSession session) throws IOException {
        return ChatSessionHandler.open(room, session);
    }
}
