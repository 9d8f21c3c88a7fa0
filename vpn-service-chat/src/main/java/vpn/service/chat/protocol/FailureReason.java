package vpn.service.chat.protocol;

import java.util.Arrays;
import java.util.Optional;

/** Why the server did not do what a request asked; the wire code is the byte in a FAILURE answer. */
public enum FailureReason {
    /** The user named is not in the chat. */
    NOT_ONLINE(1),
    /** The user sent more than the rate limit allows. */
    RATE_LIMITED(2),
    /** The room holds {@link ChatProtocol#MAX_USERS} users already (answer to ANNOUNCE). */
    ROOM_FULL(3),
    /** The user has {@link ChatProtocol#MAX_SESSIONS_PER_USER} sessions already (answer to ANNOUNCE). */
    TOO_MANY_SESSIONS(4),
    /** The user is in the chat with another key under the same name (answer to ANNOUNCE). */
    OTHER_KEY(5);

    private final int code;

    FailureReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    static Optional<FailureReason> of(int code) {
        return Arrays.stream(values()).filter(r -> r.code == code).findFirst();
    }
}
