package vpn.service.chat.server;

import vpn.service.chat.protocol.ChatProtocol;

/**
 * What one room allows: users and sessions, each user's request rate (a token bucket), and how
 * much may wait for one slow session before the server drops it. Tests use small values.
 */
public record RoomLimits(int maxUsers, int maxSessionsPerUser, int messagesPerSecond, int burst,
        int maxQueuedMessages, int maxQueuedBytes) {

    /** The protocol's limits ({@link ChatProtocol}). */
    public static final RoomLimits DEFAULT = new RoomLimits(ChatProtocol.MAX_USERS,
            ChatProtocol.MAX_SESSIONS_PER_USER, ChatProtocol.MESSAGES_PER_SECOND, ChatProtocol.BURST,
            ChatProtocol.MAX_QUEUED_MESSAGES, ChatProtocol.MAX_QUEUED_BYTES);

    public RoomLimits {
        if (maxUsers < 1 || maxSessionsPerUser < 1 || maxSessionsPerUser > ChatProtocol.MAX_SESSIONS_PER_USER
                || messagesPerSecond < 1 || burst < 1 || maxQueuedMessages < 1 || maxQueuedBytes < 1) {
            throw new IllegalArgumentException("limits must be positive, and at most "
                    + ChatProtocol.MAX_SESSIONS_PER_USER + " sessions per user: " + this);
        }
    }
}
