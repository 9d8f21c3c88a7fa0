package vpn.service.chat.client;

import vpn.api.service.ChannelException;
import vpn.service.chat.protocol.ServerMessage.Answer;
import vpn.service.chat.protocol.ServerMessage.Failure;

/** The answers that concern any request: a refusal's line, and a server answering out of turn. */
final class Answers {

    private Answers() {
    }

    /** The line for a request the server refused. */
    static String refusal(Failure failure) throws ChannelException {
        return switch (failure.reason()) {
            case NOT_ONLINE -> ChatLines.notOnline(failure.subject());
            case RATE_LIMITED -> ChatLines.rateLimited();
            case CLUSTER_UNREACHABLE -> ChatLines.clusterUnreachable();
            case ROOM_FULL, TOO_MANY_SESSIONS, OTHER_KEY -> throw unexpected(failure);
        };
    }

    /** The server answered with something the request cannot get. */
    static ChannelException unexpected(Answer answer) {
        return new ChannelException("the server broke the chat protocol: it answered request "
                + Integer.toUnsignedString(answer.requestId()) + " with " + answer.getClass().getSimpleName());
    }
}
