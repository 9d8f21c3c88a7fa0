package vpn.service.echo;

import vpn.api.service.Printable;
import vpn.api.service.Service;
import vpn.api.service.ServiceException;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;

/**
 * The server half: prints {@code Received: TEXT} (the reference's transcript line) and answers
 * with the {@link EchoReply}. Classic sessions always get this service.
 */
public final class EchoService implements Service {

    public static final String NAME = "echo";
    public static final int VERSION = 1;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int version() {
        return VERSION;
    }

    @Override
    public String description() {
        return "answers each message with \"Server says: \" and the text reversed (the classic reference)";
    }

    @Override
    public SessionHandler open(ServiceSession session) {
        int maxMessage = EchoReply.maxMessage(session.maxMessageBytes());
        return message -> {
            if (message.length > maxMessage) {
                throw new ServiceException("a message of " + message.length + " bytes is longer than the echo's "
                        + maxMessage + " (its reply would not fit in one message)");
            }
            session.log("Received: " + EchoReply.text(message).map(Printable::of)
                    .orElse("(" + message.length + " bytes of binary data)"));
            session.send(EchoReply.to(message));
        };
    }
}
