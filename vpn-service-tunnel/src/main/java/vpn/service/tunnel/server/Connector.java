package vpn.service.tunnel.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import vpn.service.tunnel.protocol.Reason;
import vpn.service.tunnel.relay.ConnectFailure;
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
        ConnectFailure failure = ConnectFailure.of(e, target);
        return new Refused(failure.reason(), failure.text());
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // never connected
        }
    }
}
