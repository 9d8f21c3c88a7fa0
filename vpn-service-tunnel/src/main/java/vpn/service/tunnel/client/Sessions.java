package vpn.service.tunnel.client;

import java.io.IOException;

/** Where a local connection finds the tunnel session to go through: the current one, waiting while it is re-established. */
@FunctionalInterface
interface Sessions {

    /** @throws IOException if there is none to be had (the command is giving up, or the wait was too long) */
    TunnelClient current() throws IOException;

    /** One session, for good. */
    static Sessions of(TunnelClient tunnel) {
        return () -> tunnel;
    }
}
