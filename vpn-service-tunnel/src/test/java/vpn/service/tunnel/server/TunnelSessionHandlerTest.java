package vpn.service.tunnel.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vpn.api.service.ServiceException;
import vpn.api.service.SessionHandler;
import vpn.api.service.User;
import vpn.service.tunnel.protocol.Reason;
import vpn.service.tunnel.protocol.TunnelCodec;
import vpn.service.tunnel.protocol.TunnelMessage;
import vpn.service.tunnel.protocol.TunnelProtocol;
import vpn.service.tunnel.testing.Targets;
import vpn.testing.QuietSession;

/** A hostile client against the server half: each breach of the protocol ends the session with its reason. */
class TunnelSessionHandlerTest {

    private final LinkedBlockingQueue<TunnelMessage> sent = new LinkedBlockingQueue<>();
    private Targets target;

    @AfterEach
    void close() throws IOException {
        if (target != null) {
            target.close();
        }
    }

    private SessionHandler handler(String allow) {
        TunnelServer server = new TunnelServer(new TunnelSettings(TunnelSettings.parsePatterns(allow),
                Duration.ofMinutes(1), Duration.ofSeconds(5)));
        return server.open(new QuietSession(new User("mallory", "SHA256:m", new byte[32]), TunnelProtocol.MAX_MESSAGE_BYTES) {
            @Override
            public void send(byte[] message) throws IOException {
                sent.add(TunnelCodec.decode(message));
            }
        });
    }

    private TunnelMessage next() throws InterruptedException {
        TunnelMessage message = sent.poll(10, TimeUnit.SECONDS);
        assertTrue(message != null, "no answer");
        return message;
    }

    private static byte[] bytes(TunnelMessage message) {
        return TunnelCodec.encode(message);
    }

    /** A target that never reads, and a channel open to it. */
    private SessionHandler openToSilentTarget(int channel) throws Exception {
        target = Targets.start(s -> Thread.sleep(60_000));
        SessionHandler handler = handler("127.0.0.1:*");
        handler.onMessage(bytes(new TunnelMessage.Open(channel, 1000, "127.0.0.1", target.port())));
        assertEquals(new TunnelMessage.Opened(channel, TunnelProtocol.WINDOW_BYTES), next());
        return handler;
    }

    @Test
    void messagesForChannelsNotOpenAndASecondOpenOfOneNumberEndTheSession() throws Exception {
        SessionHandler handler = openToSilentTarget(7);
        assertEquals("tunnel: a message for channel 8, which is not open",
                assertThrows(ServiceException.class, () -> handler.onMessage(bytes(new TunnelMessage.Eof(8)))).getMessage());
        assertEquals("tunnel: channel 7 is in use", assertThrows(ServiceException.class,
                () -> handler.onMessage(bytes(new TunnelMessage.Open(7, 10, "127.0.0.1", 1)))).getMessage());
        assertEquals("tunnel: an answer for channel 7, which the server did not offer", assertThrows(ServiceException.class,
                () -> handler.onMessage(bytes(new TunnelMessage.Opened(7, 10)))).getMessage());
        assertEquals("tunnel: the client sent a server's message: PONG", assertThrows(ServiceException.class,
                () -> handler.onMessage(bytes(new TunnelMessage.Pong(7)))).getMessage());
        assertEquals("tunnel: the client used the server's channel 2147483648", assertThrows(ServiceException.class,
                () -> handler.onMessage(bytes(new TunnelMessage.Open(Integer.MIN_VALUE, 10, "127.0.0.1", 1)))).getMessage());
        handler.onMessage(bytes(new TunnelMessage.Eof(7)));
        assertEquals("tunnel: a second EOF on channel 7",
                assertThrows(ServiceException.class, () -> handler.onMessage(bytes(new TunnelMessage.Eof(7)))).getMessage());
        handler.onClose();
    }

    @Test
    void windowsThatAddUpPastTheLimitEndTheSession() throws Exception {
        SessionHandler handler = openToSilentTarget(2);
        handler.onMessage(bytes(new TunnelMessage.Window(2, Integer.MAX_VALUE - 1000)));
        assertEquals("tunnel: a WINDOW beyond 2147483647 bytes", assertThrows(ServiceException.class,
                () -> handler.onMessage(bytes(new TunnelMessage.Window(2, 1001)))).getMessage());
        handler.onClose();
    }

    @Test
    void pastTheChannelLimitOpensAreRefusedAsTooMany() throws Exception {
        target = Targets.start(s -> Thread.sleep(60_000));
        SessionHandler handler = handler("127.0.0.1:*");
        for (int i = 0; i < TunnelProtocol.MAX_CHANNELS; i++) {
            handler.onMessage(bytes(new TunnelMessage.Open(i, 1000, "127.0.0.1", target.port())));
        }
        handler.onMessage(bytes(new TunnelMessage.Open(1_000_000, 1000, "127.0.0.1", target.port())));
        int opened = 0;
        boolean tooMany = false;
        for (int i = 0; i <= TunnelProtocol.MAX_CHANNELS; i++) {
            TunnelMessage answer = next();
            if (answer instanceof TunnelMessage.Refused refused) {
                assertEquals(new TunnelMessage.Refused(1_000_000, Reason.TOO_MANY,
                        "this session has " + TunnelProtocol.MAX_CHANNELS + " connections open already"), refused);
                tooMany = true;
            } else {
                opened++;
            }
        }
        assertEquals(TunnelProtocol.MAX_CHANNELS, opened);
        assertTrue(tooMany);
        handler.onClose();
    }

    @Test
    void aPingIsAnsweredAtOnce() throws Exception {
        SessionHandler handler = handler("127.0.0.1:*");
        handler.onMessage(bytes(new TunnelMessage.Ping(42)));
        assertEquals(new TunnelMessage.Pong(42), next());
        assertEquals(List.of(), List.copyOf(sent));
    }
}
