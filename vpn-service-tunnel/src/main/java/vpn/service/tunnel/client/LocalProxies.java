package vpn.service.tunnel.client;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import vpn.api.service.CommandContext;
import vpn.api.service.ExitCode;
import vpn.api.service.Printable;
import vpn.api.service.Terminal;
import vpn.service.tunnel.protocol.Reason;
import vpn.service.tunnel.protocol.TunnelMessage;

/**
 * What {@code vpn forward} and {@code vpn socks} do once their arguments are read: listen locally
 * (before anything else, so that a port in use fails without a connection), open the session,
 * print the one readiness line scripts wait for, and carry connections, re-establishing the
 * session when it drops ({@link Reconnecting}), until one cannot be. The handshake's lines go to
 * standard error, so that standard output holds the readiness line alone.
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
            TunnelClient first = TunnelClient.start(context.connectReportingOnStandardError());
            Optional<TunnelMessage.Refused> refused = first.check(host, port);
            if (refused.isPresent()) {
                first.close();
                terminal.error("error: " + Printable.of(refused.get().text()));
                return refused.get().reason() == Reason.NOT_ALLOWED ? ExitCode.REFUSED : ExitCode.FAILURE;
            }
            terminal.line("Forwarding " + listener.address() + " -> " + target(host, port) + " via " + context.server());
            Reconnecting sessions = reconnecting(context, first);
            listener.acceptInBackground(new Forwarder(sessions, host, port, terminal::error));
            sessions.run();
            return ExitCode.FAILURE; // run() ends only by throwing
        }
    }

    /**
     * {@code vpn forward --remote}: has the server listen on its 127.0.0.1:serverPort and carries
     * each connection made there to host:port as reached from here; listens again on each new session.
     */
    public static int remoteForward(CommandContext context, int serverPort, String host, int port)
            throws IOException, InterruptedException {
        Terminal terminal = context.terminal();
        TunnelClient first = TunnelClient.start(context.connectReportingOnStandardError());
        Optional<TunnelMessage.Refused> refused = first.listen(serverPort, host, port, terminal::error);
        if (refused.isPresent()) {
            first.close();
            terminal.error("error: " + Printable.of(refused.get().text()));
            return refused.get().reason() == Reason.NOT_ALLOWED ? ExitCode.REFUSED : ExitCode.FAILURE;
        }
        terminal.line("Forwarding remote 127.0.0.1:" + serverPort + " -> " + target(host, port) + " via " + context.server());
        Reconnecting sessions = new Reconnecting(first, () -> {
            TunnelClient next = TunnelClient.start(context.connectQuietly());
            Optional<TunnelMessage.Refused> again = next.listen(serverPort, host, port, terminal::error);
            if (again.isPresent()) {
                next.close();
                throw new IOException(again.get().text()); // its port still taken, say: tried again later
            }
            return next;
        }, Thread::sleep, terminal::error, context.server());
        sessions.run();
        return ExitCode.FAILURE;
    }

    /** {@code vpn socks}: a SOCKS5 proxy whose connections the server makes. */
    public static int socks(CommandContext context, InetAddress bind, int localPort)
            throws IOException, InterruptedException {
        Terminal terminal = context.terminal();
        try (LocalListener listener = listen(terminal, bind, localPort)) {
            if (listener == null) {
                return ExitCode.FAILURE;
            }
            TunnelClient first = TunnelClient.start(context.connectReportingOnStandardError());
            terminal.line("SOCKS5 proxy on " + listener.address());
            Reconnecting sessions = reconnecting(context, first);
            listener.acceptInBackground(new SocksProxy(sessions));
            sessions.run();
            return ExitCode.FAILURE;
        }
    }

    private static Reconnecting reconnecting(CommandContext context, TunnelClient first) {
        return new Reconnecting(first, () -> TunnelClient.start(context.connectQuietly()), Thread::sleep,
                context.terminal()::error, context.server());
    }

    private static LocalListener listen(Terminal terminal, InetAddress bind, int port) {
        try {
            return LocalListener.bind(bind, port);
        } catch (IOException e) {
            terminal.error("error: " + e.getMessage());
            return null;
        }
    }

    static String target(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
