package vpn.api.service;

/** A client broke a service's rules; the message is one log-safe line that the server logs. */
public class ServiceException extends ChannelException {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    public ServiceException(String message) {
        super(message);
    }
}
