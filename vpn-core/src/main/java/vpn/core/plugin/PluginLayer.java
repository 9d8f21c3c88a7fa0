package vpn.core.plugin;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The plugin folders ({@code ciphers/}, {@code services/}) loaded into a module layer of their own,
 * above the boot layer. A jar that cannot be read, declares no module, repeats a module, or needs
 * a module nobody ships is refused with one line naming the jar and the reason, and the rest load:
 * one broken jar never stops the app (on the boot module path it would stop the JVM before
 * {@code main}).
 *
 * <p>Each jar gets its own {@link ModuleFinder}, because a finder over a folder fails as a whole
 * when one jar in it is bad. A module already in the boot layer (a user who put cipher jars on the
 * module path themselves) wins; the plugin copy is refused with a warning.
 */
public final class PluginLayer {

    private final ModuleLayer layer;
    private final List<String> warnings;

    private PluginLayer(ModuleLayer layer, List<String> warnings) {
        this.layer = layer;
        this.warnings = List.copyOf(warnings);
    }

    /** No plugin folders: providers come from the boot layer (or the class path) alone. */
    public static PluginLayer none() {
        return new PluginLayer(null, List.of());
    }

    /** The layer, if any plugin was loaded into one. */
    public Optional<ModuleLayer> layer() {
        return Optional.ofNullable(layer);
    }

    /** One line per refused jar or folder: {@code refused JAR: REASON}. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Loads every {@code *.jar} of the folders (in name order) into one layer whose parent is
     * {@code parent}. Missing folders are skipped silently: a deployment may have no services.
     */
    public static PluginLayer load(List<Path> folders, ModuleLayer parent) {
        List<String> warnings = new ArrayList<>();
        Map<String, Path> candidates = new LinkedHashMap<>();
        for (Path jar : jars(folders, warnings)) {
            admit(jar, parent, candidates, warnings);
        }
        // Resolve what can be resolved: all at once, as a deployment usually can; otherwise drop,
        // one at a time, each module whose requirements are missing (perhaps because a module it
        // needs was dropped before). One finder per round reads each jar once.
        while (!candidates.isEmpty()) {
            ModuleFinder finder = ModuleFinder.of(candidates.values().toArray(Path[]::new));
            Configuration configuration;
            try {
                configuration = parent.configuration().resolveAndBind(finder, ModuleFinder.of(), candidates.keySet());
            } catch (FindException | ResolutionException e) {
                Optional<String> broken = firstUnresolvable(candidates, finder, parent, warnings);
                if (broken.isEmpty()) {
                    throw e; // each resolves alone, not together: nothing to tell the user but this
                }
                candidates.remove(broken.get());
                continue;
            }
            ClassLoader loader = PluginLayer.class.getClassLoader();
            return new PluginLayer(parent.defineModulesWithOneLoader(configuration, loader), warnings);
        }
        return new PluginLayer(null, warnings);
    }

    private static List<Path> jars(List<Path> folders, List<String> warnings) {
        List<Path> jars = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().forEach(jars::add);
            } catch (IOException e) {
                warnings.add("refused the plugin folder " + folder + ": " + e.getMessage());
            }
        }
        return jars;
    }

    /** Reads one jar's module declaration, or says why not. */
    private static void admit(Path jar, ModuleLayer parent, Map<String, Path> candidates, List<String> warnings) {
        Set<ModuleReference> found;
        try {
            found = ModuleFinder.of(jar).findAll();
        } catch (FindException | SecurityException e) {
            warnings.add("refused " + jar + ": " + reason(e));
            return;
        }
        if (found.size() != 1) {
            warnings.add("refused " + jar + ": it holds no module");
            return;
        }
        String name = found.iterator().next().descriptor().name();
        if (parent.findModule(name).isPresent()) {
            warnings.add("refused " + jar + ": the module " + name
                    + " is already on the module path, and that copy is used");
        } else if (candidates.containsKey(name)) {
            warnings.add("refused " + jar + ": the module " + name + " is also in " + candidates.get(name));
        } else {
            candidates.put(name, jar);
        }
    }

    private static Optional<String> firstUnresolvable(Map<String, Path> candidates, ModuleFinder all,
            ModuleLayer parent, List<String> warnings) {
        for (Map.Entry<String, Path> candidate : candidates.entrySet()) {
            try {
                parent.configuration().resolve(all, ModuleFinder.of(), Set.of(candidate.getKey()));
            } catch (FindException | ResolutionException e) {
                warnings.add("refused " + candidate.getValue() + ": " + reason(e));
                return Optional.of(candidate.getKey());
            }
        }
        return Optional.empty();
    }

    /** The deepest message of an exception chain: the JDK wraps the useful one. */
    private static String reason(Throwable e) {
        String message = e.getMessage();
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        return message == null ? e.toString() : message;
    }
}
