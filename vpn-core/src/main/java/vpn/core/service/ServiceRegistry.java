package vpn.core.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import vpn.api.service.Service;

/**
 * The services this server offers, by name. A service that breaks the {@link Service} contract
 * (a bad name or version) is refused with a reason; of two with one name, the module path's copy
 * wins over a plugin folder's, and two in the same place are both named in the refusal of the
 * second. Immutable.
 */
public final class ServiceRegistry {

    /** Wire names: short, lowercase, nothing that needs escaping. */
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private final Map<String, LoadedService> byName;
    private final Map<String, String> withheld;

    private ServiceRegistry(List<LoadedService> services, Map<String, String> withheld) {
        Map<String, LoadedService> index = new LinkedHashMap<>();
        services.stream().sorted(Comparator.comparing(LoadedService::name)).forEach(s -> index.put(s.name(), s));
        this.byName = java.util.Collections.unmodifiableMap(index);
        this.withheld = Map.copyOf(withheld);
    }

    /**
     * The same services, some installed but not offered by this server (not configured), each
     * with the reason clients asking for it are told.
     */
    public ServiceRegistry withholding(Map<String, String> reasons) {
        Map<String, String> all = new LinkedHashMap<>(withheld);
        all.putAll(reasons);
        return new ServiceRegistry(List.copyOf(byName.values()), all);
    }

    /** Why the server does not offer an installed service, if it does not. */
    public Optional<String> withheldReason(String name) {
        return Optional.ofNullable(withheld.get(name));
    }

    /** The outcome of admitting discovered services: the registry, and why the others were refused. */
    public record Admission(ServiceRegistry registry, List<String> refused) {
        public Admission {
            refused = List.copyOf(refused);
        }
    }

    public static Admission admit(List<LoadedService> candidates) {
        List<String> refused = new ArrayList<>();
        Map<String, LoadedService> kept = new LinkedHashMap<>();
        List<LoadedService> bootFirst = new ArrayList<>(candidates);
        bootFirst.sort(Comparator.comparing(LoadedService::plugin));
        for (LoadedService candidate : bootFirst) {
            String name;
            int version;
            try {
                name = candidate.service().name();
                version = candidate.service().version();
            } catch (RuntimeException e) {
                refused.add("refused a service of " + describe(candidate) + ": it threw " + e);
                continue;
            }
            if (name == null || !NAME.matcher(name).matches()) {
                refused.add("refused the service '" + name + "' of " + describe(candidate)
                        + ": a name is 1 to 32 lowercase letters, digits or '-'");
            } else if (version < 1 || version > 0xffff) {
                refused.add("refused the service '" + name + "' of " + describe(candidate)
                        + ": version " + version + " is not between 1 and 65535");
            } else if (kept.containsKey(name)) {
                refused.add("refused the service '" + name + "' of " + describe(candidate) + ": "
                        + describe(kept.get(name)) + " offers it too, and that one is used");
            } else {
                kept.put(name, candidate);
            }
        }
        return new Admission(new ServiceRegistry(List.copyOf(kept.values()), Map.of()), refused);
    }

    /** For tests and embedding: services given directly rather than discovered. */
    public static ServiceRegistry of(Service... services) {
        Admission admission = admit(java.util.Arrays.stream(services).map(LoadedService::of).toList());
        if (!admission.refused().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", admission.refused()));
        }
        return admission.registry();
    }

    static String describe(LoadedService service) {
        return "module " + service.module() + " (" + service.location() + ")";
    }

    /** The services by name. */
    public List<LoadedService> services() {
        return List.copyOf(byName.values());
    }

    public Optional<Service> find(String name) {
        return Optional.ofNullable(byName.get(name)).map(LoadedService::service);
    }
}
