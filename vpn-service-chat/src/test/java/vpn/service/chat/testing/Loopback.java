package vpn.service.chat.testing;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import vpn.api.service.Identity;
import vpn.api.service.Service;
import vpn.api.service.ServiceException;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;
import vpn.testing.LoopbackChannel;

/**
 * A client's channel wired to the real service in memory ({@link LoopbackChannel}), which also
 * keeps what the client sent, decoded; the server's side can be tampered with.
 */
public final class Loopback extends LoopbackChannel {

    private final TestUser user;
    private final List<ClientMessage> fromClient = new CopyOnWriteArrayList<>();
    private final LoopbackSession session;
    private volatile UnaryOperator<byte[]> server = UnaryOperator.identity();

    private Loopback(Service service, TestUser user) throws IOException {
        this.user = user;
        this.session = new LoopbackSession(user);
        open(service.open(session));
    }

    /** Opens a session of {@code user} on {@code service}. */
    public static Loopback connect(Service service, TestUser user) throws IOException {
        return new Loopback(service, user);
    }

    /** Everything the service sends this session passes through {@code edit} first: a server that tampers. */
    public void serverEdits(UnaryOperator<byte[]> edit) {
        this.server = edit;
    }

    /** The messages the client sent, decoded. */
    public List<ClientMessage> fromClient() {
        return fromClient;
    }

    public FakeSession session() {
        return session;
    }

    @Override
    protected void sending(byte[] message) throws ServiceException {
        fromClient.add(ClientCodec.decode(message));
    }

    @Override
    public Optional<Identity> identity() {
        return Optional.of(user);
    }

    /** The server's side of the session: feeds the client, or drops it as the core does. */
    private final class LoopbackSession extends FakeSession {

        LoopbackSession(TestUser user) {
            super(user.user(), user.name() + "@loopback");
        }

        @Override
        protected void deliver(byte[] message) throws IOException {
            super.deliver(message);
            Loopback.this.deliver(server.apply(message));
        }

        @Override
        public void disconnect(String reason) {
            super.disconnect(reason);
            breakConnection("Connection reset");
        }
    }
}
