package vpn.service.chat;

import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import vpn.service.chat.cluster.ClusterBusProvider;

/**
 * The message buses installed for {@code --cluster}, by URI scheme: the {@link ClusterBusProvider}s
 * of the chat's own module layer (the plugin layer, where a bus module sits beside the chat's jar),
 * or of the class path. One that cannot be loaded is left out, as a broken cipher jar is.
 */
record ClusterBuses(Map<String, ClusterBusProvider> byScheme) {

    ClusterBuses {
        byScheme = Map.copyOf(byScheme);
    }

    static ClusterBuses installed() {
        ModuleLayer layer = ChatService.class.getModule().getLayer();
        ServiceLoader<ClusterBusProvider> loader = layer != null
                ? ServiceLoader.load(layer, ClusterBusProvider.class)
                : ServiceLoader.load(ClusterBusProvider.class, ChatService.class.getClassLoader());
        Map<String, ClusterBusProvider> found = new TreeMap<>();
        var providers = loader.iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                ClusterBusProvider provider = providers.next();
                found.putIfAbsent(provider.scheme(), provider);
            } catch (ServiceConfigurationError broken) {
                // a bus module that cannot be loaded: --cluster with its scheme says it is not installed
            }
        }
        return new ClusterBuses(found);
    }

    Optional<ClusterBusProvider> forScheme(String scheme) {
        return Optional.ofNullable(byScheme.get(scheme));
    }

    /** The accepted URIs, for the help and the errors: {@code nats://HOST:PORT}. */
    String schemes() {
        if (byScheme.isEmpty()) {
            return "none installed (the NATS bus is services/vpn-service-chat-nats.jar and services/jnats.jar)";
        }
        return byScheme.keySet().stream().map(s -> s + "://HOST:PORT").collect(Collectors.joining(", "));
    }
}
