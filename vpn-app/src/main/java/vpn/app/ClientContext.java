package vpn.app;

import java.io.IOException;
import vpn.core.keys.IdentityLoader;
import vpn.core.keys.UserKey;
import vpn.api.service.Channel;
import vpn.api.service.ChannelException;
import vpn.api.service.CommandContext;
import vpn.api.service.Terminal;
import vpn.core.ProtocolException;
import vpn.core.Transcript;
import vpn.core.client.VpnClient;

/**
 * What a service's command gets from the app: a connection to one server for one service, the
 * handshake's lines on {@code transcript}, and the user's terminal. Protocol failures keep their
 * {@link ProtocolException} as the cause, from which {@link ErrorReporting} takes the exit code.
 */
final class ClientContext implements CommandContext {

    private final VpnClient client;
    private final String host;
    private final int port;
    private final String service;
    private final int version;
    private final Transcript transcript;
    private final Terminal terminal;

    /** @param client the client with the user's own options */
    ClientContext(VpnClient client, String host, int port, String service, int version, Transcript transcript,
            Terminal terminal) {
        this.client = client;
        this.host = host;
        this.port = port;
        this.service = service;
        this.version = version;
        this.transcript = transcript;
        this.terminal = terminal;
    }

    @Override
    public Channel connect() throws IOException {
        return connect(client, transcript);
    }

    @Override
    public Channel connectAs(byte[] ed25519PrivateKey) throws IOException {
        IdentityLoader given = IdentityLoader.holding(UserKey.fromPrivate(ed25519PrivateKey),
                "the key given by the command");
        return connect(client.withSecurity(client.security().withIdentity(given)), warningsOnly());
    }

    @Override
    public Channel connectQuietly() throws IOException {
        return connect(client, warningsOnly());
    }

    @Override
    public Channel connectReportingOnStandardError() throws IOException {
        return connect(client, new Transcript() {
            @Override
            public void line(String text) {
                terminal.error(text);
            }

            @Override
            public void warning(String text) {
                transcript.warning(text);
            }
        });
    }

    private Transcript warningsOnly() {
        return new Transcript() {
            @Override
            public void line(String text) {
            }

            @Override
            public void warning(String text) {
                transcript.warning(text);
            }
        };
    }

    private Channel connect(VpnClient as, Transcript lines) throws IOException {
        try {
            return as.connect(host, port, service, version, lines);
        } catch (ProtocolException e) {
            throw new ChannelException(e.getMessage(), e);
        } catch (ChannelException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CommandContext at(String otherHost, int otherPort) {
        return new ClientContext(client, otherHost, otherPort, service, version, transcript, terminal);
    }

    @Override
    public String server() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }

    @Override
    public Terminal terminal() {
        return terminal;
    }
}
