package vpn.service.chat.protocol;

import java.util.List;

/**
 * What the servers of a cluster say to each other over the bus (docs/chat-protocol.md, "Between
 * servers"). {@link Published} messages go to every other server and name their sender's node;
 * {@link Request}s go to one server, which answers with the matching {@link Answer}.
 */
public sealed interface ClusterMessage {

    /** Sent to every other server, in order. */
    sealed interface Published extends ClusterMessage {
        /** The sending server's member name on the bus. */
        String node();
    }

    /** Asked of one server. */
    sealed interface Request extends ClusterMessage {
    }

    /** A server's answer to a {@link Request}. */
    sealed interface Answer extends ClusterMessage {
    }

    /**
     * A server joins (or rejoins, after an outage): the others answer with a heartbeat at once, so
     * that it can compare server keys before it serves anyone.
     */
    record Hello(String node, String label, String fingerprint) implements Published {
    }

    /**
     * Every second: the sender is alive, presents this server key, and holds {@code sessions}
     * chat sessions whose keys add up to {@code digest} (the sum of each key's first 8 bytes, as
     * a big-endian number, modulo 2^64). A receiver whose view of the sender differs asks for a
     * snapshot.
     */
    record Heartbeat(String node, String label, String fingerprint, int sessions, long digest) implements Published {
    }

    /** A session joined the room on the sender. */
    record SessionJoined(String node, ClusterSession session) implements Published {
    }

    /** The session with this key left the room on the sender. */
    record SessionLeft(String node, byte[] sessionKey) implements Published {
        public SessionLeft {
            Sizes.require(sessionKey, ChatProtocol.X25519_KEY, "session key");
        }
    }

    /** A line a user of the sender said to the room. */
    record Said(String node, String from, String text) implements Published {
    }

    /** The sender stops: its sessions are gone. */
    record Gone(String node) implements Published {
    }

    /** The sessions of the asked server whose keys sort after {@code after} (from the first, if null). */
    record SnapshotRequest(byte[] after) implements Request {
        public SnapshotRequest {
            if (after != null) {
                Sizes.require(after, ChatProtocol.X25519_KEY, "session key");
            }
        }
    }

    /** Up to {@link ClusterCodec#SESSIONS_PER_PAGE} sessions in key order; {@code more} if others follow. */
    record SnapshotPage(List<ClusterSession> sessions, boolean more) implements Answer {
        public SnapshotPage {
            sessions = List.copyOf(sessions);
        }
    }

    /**
     * Copies of a direct message for sessions of the asked server, from {@code from} whose identity
     * key the sending server authenticated. The ciphertext is the sender's client's: the bus never
     * carries the text.
     */
    record Relay(String from, byte[] senderKey, List<SealedMessage> copies) implements Request {
        public Relay {
            Sizes.require(senderKey, ChatProtocol.ED25519_KEY, "sender key");
            copies = List.copyOf(copies);
        }
    }

    /** How many copies of a {@link Relay} were written to their sessions' connections. */
    record RelayResult(int delivered) implements Answer {
    }
}
