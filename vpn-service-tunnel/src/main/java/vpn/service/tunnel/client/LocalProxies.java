package vpn.service.tunnel.client;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import vpn.api.service.Channel;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.Printable;
import vpn.api.service.Terminal;
import vpn.service.tunnel.protocol.Reason;
import vpn.service.tunnel.protocol.TunnelMessage;

/**
 * What {@code vpn forward} and {@code vpn socks} do once their arguments are read: listen locally
 * (before anything else, so that a port in use fails without a connection), open the session,
 * print the one readiness line scripts wait for, and carry connections until the session ends.
 * The handshake's lines go to standard error, so that standard output holds the readiness line alone.
 */
public final class LocalProxies {

    private LocalProxies() {
    }

    /** {@code vpn forward}: checks that the server allows host:port, then forwards every connection there. */
    public static int forward(CommandContext context, InetAddress bind, int localPort, String host, int port)
            throws IOException, InterruptedException {
        Terminal terminal = context.terminal();
        try (LocalListener listener = listen(terminal, bind, localPort)) {
            if (listener == null) {
                return ExitCode.FAILURE;
            }
            Channel channel = context.connectReportingOnStandardError();
            try (TunnelClient tunnel = TunnelClient.start(channel)) {
                Optional<TunnelMessage.Refused> refused = tunnel.check(host, port);
                if (refused.isPresent()) {
                    terminal.error("error: " + Printable.of(refused.get().text()));
                    return refused.get().reason() == Reason.NOT_ALLOWED ? ExitCode.REFUSED : ExitCode.FAILURE;
                }
                terminal.line("Forwarding " + listener.address() + " -> " + target(host, port) + " via " + context.server());
                listener.acceptInBackground(new Forwarder(tunnel, host, port, terminal::error));
                return ended(context, tunnel);
            }
        }
    }

    /** {@code vpn socks}: a SOCKS5 proxy whose connections the server makes. */
    public static int socks(CommandContext context, InetAddress bind, int localPort)
            throws IOException, InterruptedException {
        Terminal terminal = context.terminal();
        try (LocalListener listener = listen(terminal, bind, localPort)) {
            if (listener == null) {
                return ExitCode.FAILURE;
            }
            Channel channel = context.connectReportingOnStandardError();
            try (TunnelClient tunnel = TunnelClient.start(channel)) {
                terminal.line("SOCKS5 proxy on " + listener.address());
                listener.acceptInBackground(new SocksProxy(tunnel));
                return ended(context, tunnel);
            }
        }
    }

    private static LocalListener listen(Terminal terminal, InetAddress bind, int port) {
        try {
            return LocalListener.bind(bind, port);
        } catch (IOException e) {
            terminal.error("error: " + e.getMessage());
            return null;
        }
    }

    private static int ended(CommandContext context, TunnelClient tunnel) throws InterruptedException {
        String why = tunnel.awaitEnd();
        context.terminal().error("error: " + context.server() + ": " + Printable.of(why));
        return ExitCode.FAILURE;
    }

    static String target(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
