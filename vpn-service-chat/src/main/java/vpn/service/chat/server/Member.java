package vpn.service.chat.server;

import vpn.api.service.ServiceSession;
import vpn.api.service.User;
import vpn.service.chat.protocol.SignedSessionKey;

/** One session in the room: whose it is, its announced key, its outbox, and its user's shared rate limit. */
final class Member {

    private final User user;
    private final ServiceSession session;
    private final SignedSessionKey sessionKey;
    private final Outbox outbox;
    private final TokenBucket rate;

    Member(User user, ServiceSession session, SignedSessionKey sessionKey, Outbox outbox, TokenBucket rate) {
        this.user = user;
        this.session = session;
        this.sessionKey = sessionKey;
        this.outbox = outbox;
        this.rate = rate;
    }

    User user() {
        return user;
    }

    String name() {
        return user.name();
    }

    ServiceSession session() {
        return session;
    }

    SignedSessionKey sessionKey() {
        return sessionKey;
    }

    Outbox outbox() {
        return outbox;
    }

    TokenBucket rate() {
        return rate;
    }
}
