package vpn.service.chat.nats;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import vpn.service.chat.cluster.BusListener;
import vpn.service.chat.cluster.ClusterBus;
import vpn.service.chat.cluster.ClusterBusProvider;

/** {@code nats://[USER:PASSWORD@]HOST[:PORT]}: a NATS server, or one of a NATS cluster's. */
public final class NatsBusProvider implements ClusterBusProvider {

    /** NATS's own default port. */
    static final int DEFAULT_PORT = 4222;

    @Override
    public String scheme() {
        return "nats";
    }

    @Override
    public void validate(URI uri) {
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("a NATS URI names a host: nats://HOST:PORT, not " + NatsBus.withoutSecrets(uri));
        }
        if ((uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/"))
                || uri.getQuery() != null || uri.getFragment() != null) {
            String after = (uri.getRawPath() == null ? "" : uri.getRawPath())
                    + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                    + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment());
            throw new IllegalArgumentException("a NATS URI has a host and a port, and nothing after them: "
                    + NatsBus.withoutSecrets(uri) + " then '" + after + "'");
        }
    }

    @Override
    public ClusterBus connect(URI uri, String node, BusListener listener, Duration timeout) throws IOException {
        validate(uri);
        return NatsBus.connect(uri, node, listener, timeout);
    }
}
