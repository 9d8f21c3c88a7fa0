package vpn.core.plugin;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Finds the providers of one plugin interface with {@link ServiceLoader}: in the plugin layer and
 * the boot layer, or on the class path (unit tests, embedding). Defensive, like SLF4J's binding
 * discovery: a provider that fails to load is reported and skipped.
 */
public final class Discovery {

    /** What discovery found: the providers that loaded, and why the others did not. */
    public record Result<T>(List<T> loaded, List<String> failures) {
        public Result {
            loaded = List.copyOf(loaded);
            failures = List.copyOf(failures);
        }
    }

    private Discovery() {
    }

    /**
     * @param what a name for failure lines ("cipher provider")
     * @param describe wraps each instance with where it came from
     */
    public static <T, R> Result<R> discover(Class<T> type, PluginLayer plugins, String what, Function<T, R> describe) {
        ServiceLoader<T> loader = plugins.layer().map(layer -> ServiceLoader.load(layer, type))
                .orElseGet(() -> ServiceLoader.load(type));
        List<R> loaded = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        Iterator<T> providers = loader.iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                loaded.add(describe.apply(providers.next()));
            } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
                failures.add("a " + what + " failed to load: " + e.getMessage());
            }
        }
        return new Result<>(loaded, failures);
    }

    /** The module of an instance's class, or {@code (class path)}. */
    public static String moduleOf(Object instance) {
        Module module = instance.getClass().getModule();
        return module.isNamed() ? module.getName() : "(class path)";
    }

    /** The jar or folder an instance's class was loaded from, or {@code (unknown)}. */
    public static String locationOf(Object instance) {
        var source = instance.getClass().getProtectionDomain().getCodeSource();
        return source == null || source.getLocation() == null ? "(unknown)" : source.getLocation().getPath();
    }

    /** True if the instance's class comes from a plugin folder, not the boot module path or class path. */
    public static boolean fromPluginFolder(Object instance) {
        ModuleLayer layer = instance.getClass().getModule().getLayer();
        return layer != null && layer != ModuleLayer.boot();
    }
}
