package vpn.app;

import com.google.inject.Injector;
import picocli.CommandLine;

/** Lets picocli build command objects through Guice, so commands get constructor injection. */
final class GuiceFactory implements CommandLine.IFactory {

    private final Injector injector;

    GuiceFactory(Injector injector) {
        this.injector = injector;
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        try {
            return injector.getInstance(type);
        } catch (com.google.inject.ConfigurationException notInjectable) {
            // picocli's own helper types (converters, help commands) need no wiring.
            return CommandLine.defaultFactory().create(type);
        }
    }
}
