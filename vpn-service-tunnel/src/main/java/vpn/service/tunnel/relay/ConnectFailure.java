package vpn.service.tunnel.relay;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import vpn.service.tunnel.protocol.Reason;

/** Why a connection to a target failed, as REFUSED says it: the server's for OPEN, the client's for --remote's INCOMING. */
public record ConnectFailure(Reason reason, String text) {

    public static ConnectFailure of(IOException e, String target) {
        if (e instanceof UnknownHostException) {
            return new ConnectFailure(Reason.HOST_UNREACHABLE, target + ": unknown host");
        }
        if (e instanceof ConnectException && String.valueOf(e.getMessage()).contains("refused")) {
            return new ConnectFailure(Reason.CONNECTION_REFUSED, target + ": connection refused");
        }
        if (e instanceof SocketTimeoutException) {
            return new ConnectFailure(Reason.TIMED_OUT, target + ": connection timed out");
        }
        if (e instanceof NoRouteToHostException) {
            return new ConnectFailure(Reason.HOST_UNREACHABLE, target + ": no route to host");
        }
        if (String.valueOf(e.getMessage()).contains("Network is unreachable")) {
            return new ConnectFailure(Reason.NETWORK_UNREACHABLE, target + ": network is unreachable");
        }
        return new ConnectFailure(Reason.FAILED, target + ": cannot connect");
    }
}
