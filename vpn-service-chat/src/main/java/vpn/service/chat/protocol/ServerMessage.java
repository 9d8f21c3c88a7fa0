package vpn.service.chat.protocol;

import java.util.List;

/** What the server sends: the answer to a request, or an event in the room. */
public sealed interface ServerMessage {

    /** The answer to the client's request {@link #requestId()}: one, or the pages of one. */
    sealed interface Answer extends ServerMessage {
        int requestId();

        /** False for a page that more pages of the same answer follow. */
        default boolean last() {
            return true;
        }
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

    /**
     * The names online, sorted, each once: one page of them, followed by more pages of the same
     * answer while {@code more}, so that a room of any size fits in messages of the limit.
     */
    record Users(int requestId, List<String> names, boolean more) implements Answer {
        public Users {
            names = List.copyOf(names);
        }

        @Override
        public boolean last() {
            return !more;
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
