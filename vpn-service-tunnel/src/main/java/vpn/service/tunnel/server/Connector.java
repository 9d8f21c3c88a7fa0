package vpn.service.tunnel.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import vpn.service.tunnel.protocol.Reason;
import vpn.service.tunnel.server.ForwardPolicy.Refused;

/**
 * Reaches a target for a channel: the policy's verdict, then each allowed address in turn, each
 * within the connect timeout. Runs on the channel's own thread, since resolving and connecting block.
 */
final class Connector {

    /** A connected socket, or why not. */
    sealed interface Outcome {
    }

    record Connected(Socket socket) implements Outcome {
    }

    record Failed(Refused refusal) implements Outcome {
    }

    private final Resolver resolver;
    private final Duration connectTimeout;

    Connector(Resolver resolver, Duration connectTimeout) {
        this.resolver = resolver;
        this.connectTimeout = connectTimeout;
    }

    /** The policy's verdict alone, for CHECK. */
    ForwardPolicy.Verdict check(ForwardPolicy policy, String host, int port) {
        return policy.check(host, port, resolver);
    }

    Outcome connect(ForwardPolicy policy, String host, int port) {
        ForwardPolicy.Verdict verdict = policy.check(host, port, resolver);
        if (verdict instanceof Refused refused) {
            return new Failed(refused);
        }
        Refused last = new Refused(Reason.FAILED, "no address to try");
        for (InetAddress address : ((ForwardPolicy.Allowed) verdict).addresses()) {
            Socket socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
                return new Connected(socket);
            } catch (IOException e) {
                close(socket);
                last = refusal(e, ForwardPolicy.target(host, port));
            }
        }
        return new Failed(last);
    }

    private static Refused refusal(IOException e, String target) {
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return new Refused(Reason.CONNECTION_REFUSED, target + ": connection refused");
        }
        if (e instanceof SocketTimeoutException) {
            return new Refused(Reason.TIMED_OUT, target + ": connection timed out");
        }
        if (e instanceof NoRouteToHostException) {
            return new Refused(Reason.HOST_UNREACHABLE, target + ": no route to host");
        }
        if (String.valueOf(e.getMessage()).contains("Network is unreachable")) {
            return new Refused(Reason.NETWORK_UNREACHABLE, target + ": network is unreachable");
        }
        return new Refused(Reason.FAILED, target + ": cannot connect");
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // never connected
        }
    }
}
