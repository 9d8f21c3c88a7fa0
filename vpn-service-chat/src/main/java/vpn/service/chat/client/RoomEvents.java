package vpn.service.chat.client;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import vpn.api.service.Terminal;
import vpn.service.chat.crypto.DirectMessageCrypto;
import vpn.service.chat.crypto.SessionKeyPair;
import vpn.service.chat.crypto.VerificationException;
import vpn.service.chat.protocol.ServerMessage.Event;
import vpn.service.chat.protocol.ServerMessage.Joined;
import vpn.service.chat.protocol.ServerMessage.Left;
import vpn.service.chat.protocol.ServerMessage.Relayed;
import vpn.service.chat.protocol.ServerMessage.Said;

/**
 * Shows what happens in the room: lines, presence, and direct messages, which it checks and opens
 * first. A direct message that fails is dropped with a warning; the chat goes on.
 */
final class RoomEvents {

    private final Terminal terminal;
    private final KnownUsers knownUsers;
    private final DirectMessageCrypto crypto;
    private final SessionKeyPair sessionKey;
    private final String me;

    RoomEvents(Terminal terminal, KnownUsers knownUsers, DirectMessageCrypto crypto, SessionKeyPair sessionKey,
            String me) {
        this.terminal = terminal;
        this.knownUsers = knownUsers;
        this.crypto = crypto;
        this.sessionKey = sessionKey;
        this.me = me;
    }

    void show(Event event) {
        switch (event) {
            case Said said -> terminal.line(ChatLines.said(said.from(), said.text()));
            case Joined joined -> terminal.line(ChatLines.joined(joined.name()));
            case Left left -> terminal.line(ChatLines.left(left.name()));
            case Relayed relayed -> terminal.line(open(relayed));
        }
    }

    private String open(Relayed relayed) {
        Optional<byte[]> pinned = knownUsers.differentPinnedKey(relayed.from(), relayed.senderKey());
        if (pinned.isPresent()) {
            return ChatLines.keyChanged(relayed.from(), pinned.get(), relayed.senderKey());
        }
        try {
            byte[] text = crypto.open(sessionKey, me, relayed.from(), relayed.senderKey(), relayed.message());
            return ChatLines.direct(relayed.from(), new String(text, StandardCharsets.UTF_8));
        } catch (VerificationException e) {
            return ChatLines.failedVerification(relayed.from());
        }
    }
}
