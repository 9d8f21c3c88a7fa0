package vpn.core.client;

import java.io.IOException;
import java.util.Optional;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.classic.ClassicMessages;
import vpn.core.negotiation.CipherSuite;
import vpn.core.secure.SecureChannel;
import vpn.core.secure.SecureProtocol;

/** An established secure-mode session, from the client's side. */
public final class SecureClientSession implements ClientSession {

    private final SecureChannel channel;
    private final Limits limits;

    SecureClientSession(SecureChannel channel, Limits limits) {
        this.channel = channel;
        this.limits = limits;
    }

    @Override
    public CipherSuite suite() {
        return channel.suite();
    }

    @Override
    public boolean secure() {
        return true;
    }

    @Override
    public int maxMessageBytes() {
        return SecureProtocol.MAX_MESSAGE;
    }

    /** The underlying channel: any bytes both ways (for tests and tools). */
    public SecureChannel channel() {
        return channel;
    }

    @Override
    public String exchange(String message) throws IOException, ProtocolException {
        channel.send(checkedBytes(message));
        Optional<byte[]> reply = channel.receive(limits.handshakeTimeout());
        if (reply.isEmpty()) {
            throw new ProtocolException(Reason.CLOSED, "the server closed the session");
        }
        return ClassicMessages.utf8(reply.get());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
