package vpn.service.tunnel.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Names to addresses: the system's resolver, or a table in tests. */
@FunctionalInterface
interface Resolver {

    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** @throws UnknownHostException if the name has no address */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
