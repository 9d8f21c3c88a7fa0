package vpn.service.chat.protocol;

import java.util.Arrays;
import java.util.Optional;

/** Why the server did not do what a request asked; the wire code is the byte in a FAILURE answer. */
public enum FailureReason {
    /** The user named is not in the chat. */
    NOT_ONLINE(1, "not online"),
    /** The user sent more than the rate limit allows. */
    RATE_LIMITED(2, "over the rate limit"),
    /** The room holds {@link ChatProtocol#MAX_USERS} users already (answer to ANNOUNCE). */
    ROOM_FULL(3, "the room is full"),
    /** The user has {@link ChatProtocol#MAX_SESSIONS_PER_USER} sessions already (answer to ANNOUNCE). */
    TOO_MANY_SESSIONS(4, "the user has as many sessions as allowed"),
    /** The user is in the chat with another key under the same name (answer to ANNOUNCE). */
    OTHER_KEY(5, "the name is in the room with another key"),
    /**
     * The line reached the users of this server only: the cluster's other servers could not be
     * told, since the bus is down (answer to SAY, with {@code vpn server --cluster}).
     */
    CLUSTER_UNREACHABLE(6, "the cluster's other servers are out of reach");

    private final int code;
    private final String description;

    FailureReason(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    /** A few words for the server's log. */
    public String description() {
        return description;
    }

    static Optional<FailureReason> of(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }
}
