package vpn.service.chat.protocol;

import java.util.List;

/** What the server sends: the answer to a request, or an event in the room. */
public sealed interface ServerMessage {

    /** The one answer to the client's request {@link #requestId()}. */
    sealed interface Answer extends ServerMessage {
        int requestId();
    }

    /** Something that happened in the room. */
    sealed interface Event extends ServerMessage {
    }

    /** Done (ANNOUNCE, SAY, KEEPALIVE). */
    record Ok(int requestId) implements Answer {
    }

    /** Not done, and why; {@code subject} is the user it concerns, or empty. */
    record Failure(int requestId, FailureReason reason, String subject) implements Answer {
    }

    /** The names online, sorted, each once. */
    record Users(int requestId, List<String> names) implements Answer {
        public Users {
            names = List.copyOf(names);
        }
    }

    /** A user's identity: the name and the raw Ed25519 key. */
    record UserInfo(int requestId, String name, byte[] identityKey) implements Answer {
    }

    /** A user's identity key and the signed session key of each of its sessions. */
    record UserKeys(int requestId, String name, byte[] identityKey, List<SignedSessionKey> sessionKeys)
            implements Answer {
        public UserKeys {
            sessionKeys = List.copyOf(sessionKeys);
        }
    }

    /**
     * How a direct message went: of {@code total} copies, {@code delivered} were written to their
     * session's connection; the others' sessions had ended.
     */
    record DeliveryReport(int requestId, String recipient, int delivered, int total) implements Answer {
    }

    /** A line from {@code from} for everyone. */
    record Said(String from, String text) implements Event {
    }

    /** A direct message from {@code from}, whose identity key the server vouches for (and the client checks). */
    record Relayed(String from, byte[] senderKey, SealedMessage message) implements Event {
    }

    /** A user's first session joined. */
    record Joined(String name) implements Event {
    }

    /** A user's last session left. */
    record Left(String name) implements Event {
    }
}
