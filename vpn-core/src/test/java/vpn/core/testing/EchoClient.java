package vpn.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.channel.ServiceChannel;
import vpn.core.client.VpnClient;
import vpn.core.secure.SecureChannel;
import vpn.core.transport.Transport;
import vpn.service.echo.EchoReply;
import vpn.service.echo.EchoService;

/** The core's client asking for the echo service, with a text exchange for tests. */
public final class EchoClient {

    private final VpnClient client;

    public EchoClient(VpnClient client) {
        this.client = client;
    }

    public EchoSession connect(String host, int port, Transcript transcript) throws IOException, ProtocolException {
        return new EchoSession(client.connect(host, port, EchoService.NAME, EchoService.VERSION, transcript));
    }

    /** @param endpoint {@code HOST:PORT} */
    public EchoSession handshake(Transport transport, String endpoint, Transcript transcript)
            throws IOException, ProtocolException {
        int colon = endpoint.lastIndexOf(':');
        return new EchoSession(client.handshake(transport, endpoint.substring(0, colon),
                Integer.parseInt(endpoint.substring(colon + 1)), EchoService.NAME, EchoService.VERSION, transcript));
    }

    /** An echo session: text in, the server's reply out. */
    public static final class EchoSession implements AutoCloseable {
        private final ServiceChannel channel;

        EchoSession(ServiceChannel channel) {
            this.channel = channel;
        }

        public vpn.core.negotiation.CipherSuite suite() {
            return channel.suite();
        }

        public boolean secure() {
            return channel.secure();
        }

        public ServiceChannel channel() {
            return channel;
        }

        public SecureChannel secureChannel() {
            return (SecureChannel) channel.unwrap();
        }

        /** Sends the text; returns the reply as text. Throws IllegalArgumentException if too long. */
        public String exchange(String text) throws IOException, ProtocolException {
            byte[] message = text.getBytes(StandardCharsets.UTF_8);
            if (message.length > EchoReply.maxMessage(channel.maxMessageBytes())) {
                throw new IllegalArgumentException("the message is " + message.length + " bytes");
            }
            channel.unwrap().send(message);
            return new String(channel.unwrap().receiveReply(EchoReply.to(message), java.time.Duration.ofSeconds(10))
                    .orElseThrow(() -> new ProtocolException(ProtocolException.Reason.CLOSED,
                            "the server closed the session")), StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
