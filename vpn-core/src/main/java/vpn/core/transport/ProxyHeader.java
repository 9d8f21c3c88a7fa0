package vpn.core.transport;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A PROXY protocol v2 header, as far as we use it: whether the balancer relays a client or speaks
 * for itself, and the client's TCP address when it carries one. TLVs are skipped.
 *
 * @param command {@link Command#PROXY} for a relayed connection, {@link Command#LOCAL} for the
 *     balancer's own (health checks)
 * @param source the client's address and port: present only for a relayed TCP connection over IPv4
 *     or IPv6; any other family (UNSPEC, UNIX) or transport keeps the socket's address
 */
public record ProxyHeader(Command command, Optional<InetSocketAddress> source) {

    /** The header's command. */
    public enum Command {
        /** The balancer's own connection, such as a health check: the socket's endpoints are the real ones. */
        LOCAL,
        /** A connection relayed for a client. */
        PROXY
    }

    public ProxyHeader {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(source, "source");
        if (command == Command.LOCAL && source.isPresent()) {
            throw new IllegalArgumentException("a LOCAL header carries no address");
        }
    }

    /** The client's address: the carried one, else the socket's. */
    public InetSocketAddress client(InetSocketAddress socket) {
        return source.orElse(socket);
    }
}
