package vpn.service.chat.bench;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.api.service.Identity;
import vpn.service.chat.crypto.SessionKeyPair;
import vpn.service.chat.crypto.SessionKeySignatures;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage.Announce;
import vpn.service.chat.protocol.ClientMessage.Keepalive;
import vpn.service.chat.protocol.ClientMessage.Say;
import vpn.service.chat.protocol.FailureReason;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage;
import vpn.service.chat.protocol.ServerMessage.Failure;
import vpn.service.chat.protocol.ServerMessage.Joined;
import vpn.service.chat.protocol.ServerMessage.Left;
import vpn.service.chat.protocol.ServerMessage.Ok;
import vpn.service.chat.protocol.ServerMessage.Said;

/**
 * One chat session of the load, speaking the protocol with the module's codecs: it announces a
 * session key (as every client must), then, unless it is stalled, reads everything the room sends
 * it on a thread of its own and counts it in the {@link Tally}. Request ids: 0 is the ANNOUNCE,
 * SAYs count up from 1, KEEPALIVEs down from -1 (ids are u32 on the wire), so an answer says
 * which kind of request it settles.
 */
final class BenchSession {

    /** What the session does once it joined. */
    enum Role {
        /** Broadcasts and reads. */
        ACTIVE,
        /** Reads. */
        IDLE,
        /** Never reads again: the server must drop it once its queue overflows. */
        STALLED
    }

    /** The room refused the session (FAILURE to its ANNOUNCE). */
    static final class Refused extends IOException {
        private final FailureReason reason;

        Refused(String name, FailureReason reason) {
            super(name + " was refused: " + reason.description());
            this.reason = reason;
        }

        FailureReason reason() {
            return reason;
        }
    }

    private static final int ANNOUNCE_ID = 0;

    private final Channel channel;
    private final String name;
    private final Role role;
    private final AtomicInteger nextSay = new AtomicInteger(ANNOUNCE_ID + 1);
    private final AtomicInteger nextKeepalive = new AtomicInteger(-1);

    private BenchSession(Channel channel, String name, Role role) {
        this.channel = channel;
        this.name = name;
        this.role = role;
    }

    /**
     * Announces a fresh session key on {@code channel} and waits for the room's answer, which is
     * the first message a session gets.
     *
     * @throws Refused if the room refused the session (the channel is closed then)
     * @throws IOException if the channel has no user, fails, or the answer is not the ANNOUNCE's
     */
    static BenchSession join(Channel channel, Role role, SecureRandom random) throws IOException {
        try {
            Identity identity = channel.identity().orElseThrow(() -> new IOException(
                    "the server did not authenticate the session as a user; the chat needs its users' keys "
                            + "in the server's authorized keys"));
            String name = identity.user().name();
            SessionKeyPair sessionKey = SessionKeyPair.generate(random);
            // The load never opens a direct message, so the private half is not needed.
            sessionKey.destroy();
            channel.send(ClientCodec.encode(new Announce(ANNOUNCE_ID,
                    SessionKeySignatures.sign(identity, sessionKey.publicKey()))));
            ServerMessage answer = ServerCodec.decode(channel.receive()
                    .orElseThrow(() -> new IOException(name + ": the server ended the session before it joined")));
            if (answer instanceof Failure failure && failure.requestId() == ANNOUNCE_ID) {
                throw new Refused(name, failure.reason());
            }
            if (!(answer instanceof Ok ok) || ok.requestId() != ANNOUNCE_ID) {
                throw new ChannelException(name + ": the room answered the session key with " + answer);
            }
            return new BenchSession(channel, name, role);
        } catch (IOException | RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    String name() {
        return name;
    }

    Role role() {
        return role;
    }

    /** Broadcasts a load line that carries the send time. */
    void say(int size) throws IOException {
        channel.send(ClientCodec.encode(new Say(nextSay.getAndIncrement(), BenchText.of(System.nanoTime(), size))));
    }

    void keepalive() throws IOException {
        channel.send(ClientCodec.encode(new Keepalive(nextKeepalive.getAndDecrement())));
    }

    /** Reads until the session ends, counting what arrives; the session's own thread. */
    void receive(Tally tally) {
        try {
            while (true) {
                Optional<byte[]> message = channel.receive();
                long now = System.nanoTime();
                if (message.isEmpty()) {
                    tally.ended(name, "the server ended the session");
                    return;
                }
                tally.received();
                count(ServerCodec.decode(message.get()), now, tally);
            }
        } catch (IOException e) {
            tally.ended(name, e.getMessage());
        }
    }

    private void count(ServerMessage message, long now, Tally tally) {
        switch (message) {
            case Said said -> {
                OptionalLong sent = BenchText.sentNanos(said.text());
                if (sent.isPresent()) {
                    tally.delivered(now, now - sent.getAsLong());
                } else {
                    tally.error(name + ": a line that is not the load's, from " + said.from());
                }
            }
            case Ok ok -> {
                if (ok.requestId() > ANNOUNCE_ID) {
                    tally.answered(true);
                }
            }
            case Failure failure -> {
                if (failure.requestId() > ANNOUNCE_ID) {
                    tally.answered(false);
                }
                tally.error(name + ": request " + Integer.toUnsignedString(failure.requestId()) + " refused: "
                        + failure.reason().description());
            }
            case Left left -> tally.left(left.name(), now);
            case Joined joined -> {
                // users joining while the load starts
            }
            default -> tally.error(name + ": unexpected " + message.getClass().getSimpleName());
        }
    }

    void close() {
        close(channel);
    }

    private static void close(Channel channel) {
        try {
            channel.close();
        } catch (IOException alreadyGone) {
            // ended either way
        }
    }
}
