package vpn.service.chat.protocol;

import java.util.List;

/**
 * What a client sends. Every message is a request: it carries an id of the client's choosing, and
 * the server answers it exactly once ({@link ServerMessage.Answer}), so that a client can wait for
 * everything it sent to be settled.
 */
public sealed interface ClientMessage {

    int requestId();

    /** The session's signed X25519 key; the first message of every session, and only the first. Answer: OK or FAILURE. */
    record Announce(int requestId, SignedSessionKey sessionKey) implements ClientMessage {
    }

    /** A line for everyone online. Answer: OK, or FAILURE (rate limit). */
    record Say(int requestId, String text) implements ClientMessage {
    }

    /** Who is online. Answer: USERS. */
    record ListUsers(int requestId) implements ClientMessage {
    }

    /** One user's identity key. Answer: USER, or FAILURE (not online). */
    record Whois(int requestId, String name) implements ClientMessage {
    }

    /** One user's identity key and signed session keys, to seal a direct message. Answer: KEYS, or FAILURE. */
    record FetchKeys(int requestId, String name) implements ClientMessage {
    }

    /** A direct message, one sealed copy per session of the recipient. Answer: DELIVERY, or FAILURE. */
    record Direct(int requestId, String recipient, List<SealedMessage> copies) implements ClientMessage {
        public Direct {
            copies = List.copyOf(copies);
        }
    }

    /** Keeps an idle session from the server's idle timeout. Answer: OK. */
    record Keepalive(int requestId) implements ClientMessage {
    }
}
