package vpn.core.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.api.service.Service;
import vpn.api.service.ServiceSession;
import vpn.api.service.SessionHandler;
import vpn.core.Limits;
import vpn.core.channel.ServiceChannel;
import vpn.core.client.VpnClient;
import vpn.core.registry.CipherRegistry;
import vpn.core.secure.ClientSecurity;
import vpn.core.secure.SecureProtocol;
import vpn.core.secure.ServerIdentity;
import vpn.core.service.ServiceRegistry;
import vpn.core.testing.Fixtures;
import vpn.core.testing.Recorder;
import vpn.core.testing.Vectors;

/**
 * A service that takes the client's messages lent (a file upload's chunks) gets each one in the
 * session's reused buffer, long and short in turn, and never as an array of its own; the client
 * reads the answers into a buffer it reuses too.
 */
class LentMessagesTest {

    private static final Limits LIMITS = Limits.DEFAULT.withHandshakeTimeout(Duration.ofSeconds(5))
            .withIdleTimeout(Duration.ofSeconds(5));

    /** Sends back each message it is lent, as it was, and notes the buffers it was lent. */
    static final class LentEcho implements Service {
        final List<byte[]> buffers = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "lent-echo";
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public SessionHandler open(ServiceSession session) {
            return new SessionHandler() {
                @Override
                public boolean takesLentMessages() {
                    return true;
                }

                @Override
                public void onMessage(byte[] buffer, int offset, int length) throws IOException {
                    buffers.add(buffer);
                    session.send(buffer, offset, length);
                }

                @Override
                public void onMessage(byte[] message) {
                    throw new AssertionError("a handler that takes lent messages got an array of its own");
                }
            };
        }
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    @Test
    void aServiceThatTakesLentMessagesGetsThemAllInOneBuffer() throws Exception {
        LentEcho service = new LentEcho();
        CipherRegistry ciphers = CipherRegistry.ofProviders(Vectors.allProviders().toArray(CipherProvider[]::new));
        Recorder serverLines = new Recorder();
        try (VpnServer server = new VpnServer(Fixtures.server(ciphers, LIMITS, ServerIdentity.generate(Fixtures.RANDOM),
                ServiceRegistry.of(service), UserPolicy.ANONYMOUS), 4, serverLines)) {
            int port = server.bind("127.0.0.1", 0).getPort();
            server.start();
            VpnClient client = new VpnClient(ciphers, Fixtures.DH, LIMITS, Fixtures.RANDOM,
                    ClientSecurity.secure(Fixtures.freshKnownHosts()));
            List<byte[]> messages = List.of(filled(SecureProtocol.MAX_MESSAGE, 'a'), filled(3, 'b'),
                    filled(40_000, 'c'), new byte[0], filled(1, 'd'));
            try (ServiceChannel channel = client.connect("127.0.0.1", port, "lent-echo", 1, new Recorder())) {
                byte[] answers = new byte[channel.maxMessageBytes()];
                for (byte[] message : messages) {
                    channel.send(message);
                    int length = channel.receive(answers);
                    assertArrayEquals(message, Arrays.copyOf(answers, length));
                }
            }
            assertEquals(messages.size(), service.buffers.size());
            assertTrue(service.buffers.stream().allMatch(b -> b == service.buffers.get(0)),
                    "every message lent in the same buffer");
            assertEquals(SecureProtocol.MAX_MESSAGE, service.buffers.get(0).length);
        }
    }
}
