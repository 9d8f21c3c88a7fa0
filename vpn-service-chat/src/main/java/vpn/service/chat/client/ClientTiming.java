package vpn.service.chat.client;

import java.time.Duration;
import vpn.service.chat.protocol.ChatProtocol;

/** How often the client sends a keepalive, and how long it waits for an answer. Tests shorten them. */
public record ClientTiming(Duration keepalive, Duration replyTimeout) {

    public static final ClientTiming DEFAULT = new ClientTiming(ChatProtocol.KEEPALIVE, ChatProtocol.REPLY_TIMEOUT);
}
