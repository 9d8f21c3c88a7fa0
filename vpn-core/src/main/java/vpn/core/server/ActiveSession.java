package vpn.core.server;

import java.io.IOException;
import java.util.Optional;
import vpn.api.service.ServiceSession;
import vpn.api.service.User;
import vpn.core.Transcript;
import vpn.core.channel.MessageChannel;

/**
 * One established session on the server, as its service sees it ({@link ServiceSession}) and as
 * the server ends it: by the service, or at shutdown, always through {@link #close()}, which in
 * secure mode sends the authenticated Close.
 */
final class ActiveSession implements ServiceSession {

    private final MessageChannel channel;
    private final Transcript transcript;
    private final Transcript events;
    private final String peer;
    private final Optional<User> user;
    private volatile boolean endedHere;

    /**
     * @param transcript the session's own lines (what its service prints), silent with {@code --quiet}
     * @param events the server's operational lines about it (its user, its end), always printed
     */
    ActiveSession(MessageChannel channel, Transcript transcript, Transcript events, String peer, Optional<User> user) {
        this.channel = channel;
        this.transcript = transcript;
        this.events = events;
        this.peer = peer;
        this.user = user;
    }

    MessageChannel channel() {
        return channel;
    }

    /** True once the server ended this session itself (so a failed read afterwards is expected). */
    boolean endedHere() {
        return endedHere;
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
    public void sendAll(java.util.List<byte[]> messages) throws IOException {
        channel.sendAll(messages);
    }

    @Override
    public int maxMessageBytes() {
        return channel.maxMessageBytes();
    }

    @Override
    public Optional<User> user() {
        return user;
    }

    @Override
    public String peer() {
        return peer;
    }

    @Override
    public void log(String line) {
        transcript.line(line);
    }

    @Override
    public void disconnect(String reason) {
        endedHere = true;
        events.line("Disconnected " + peer + ": " + reason);
        try {
            channel.abort();
        } catch (IOException alreadyClosed) {
            // closed either way
        }
    }

    /** One operational line about this session: printed even by a quiet server. */
    void event(String line) {
        events.line(line);
    }

    @Override
    public void close() {
        endedHere = true;
        try {
            channel.close();
        } catch (IOException peerGone) {
            // the connection is closed either way
        }
    }
}
