package vpn.core.service;

import vpn.api.service.Service;
import vpn.core.plugin.Discovery;

/**
 * A service as the registry holds it, with where it came from (for {@code vpn services}).
 *
 * @param plugin true if it was loaded from a plugin folder rather than the module path
 */
public record LoadedService(Service service, String module, String location, boolean plugin) {

    public static LoadedService of(Service service) {
        return new LoadedService(service, Discovery.moduleOf(service), Discovery.locationOf(service),
                Discovery.fromPluginFolder(service));
    }

    public String name() {
        return service.name();
    }
}
