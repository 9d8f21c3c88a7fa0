package vpn.core.channel;

import java.io.IOException;
import java.util.Optional;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.api.service.Identity;
import vpn.core.Limits;
import vpn.core.ProtocolException;
import vpn.core.negotiation.CipherSuite;

/**
 * A client's established session as a service sees it ({@link Channel}): the core's channel with
 * the session's timeouts, its protocol failures as {@link ChannelException}s (the
 * {@link ProtocolException} is the cause, for exit codes).
 */
public final class ServiceChannel implements Channel {

    private final MessageChannel channel;
    private final Limits limits;
    private final String serverFingerprint;
    private final Optional<Identity> identity;

    /**
     * @param serverFingerprint the authenticated server key's, or null in classic mode
     * @param identity the user the session authenticated as, if the server asked for one
     */
    public ServiceChannel(MessageChannel channel, Limits limits, String serverFingerprint,
            Optional<Identity> identity) {
        this.channel = channel;
        this.limits = limits;
        this.serverFingerprint = serverFingerprint;
        this.identity = identity;
    }

    @Override
    public Optional<Identity> identity() {
        return identity;
    }

    public CipherSuite suite() {
        return channel.suite();
    }

    public boolean secure() {
        return channel.secure();
    }

    /** Secure mode's records are framed; the classic protocol's replies are not. */
    @Override
    public boolean framed() {
        return channel.secure();
    }

    /** The authenticated server key's fingerprint; empty in classic mode. */
    public Optional<String> serverFingerprint() {
        return Optional.ofNullable(serverFingerprint);
    }

    /** The core's channel, for tools that want its errors unwrapped. */
    public MessageChannel unwrap() {
        return channel;
    }

    @Override
    public void send(byte[] message) throws IOException {
        channel.send(message);
    }

    @Override
    public void send(byte[] bytes, int offset, int length) throws IOException {
        channel.send(bytes, offset, length);
    }

    @Override
    public Optional<byte[]> receive() throws IOException {
        try {
            return channel.receive(limits.idleTimeout());
        } catch (ProtocolException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    @Override
    public int receive(byte[] buffer) throws IOException {
        try {
            return channel.receive(buffer, limits.idleTimeout());
        } catch (ProtocolException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> awaitReply(byte[] expected) throws IOException {
        try {
            return channel.receiveReply(expected, limits.handshakeTimeout());
        } catch (ProtocolException e) {
            throw new ChannelException(e.getMessage(), e);
        }
    }

    @Override
    public int maxMessageBytes() {
        return channel.maxMessageBytes();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
