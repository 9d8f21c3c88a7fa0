package vpn.app;

import picocli.CommandLine;

/** {@code vpn --version}: the app's module version and the Java runtime it runs on. */
final class VersionProvider implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        Module module = VersionProvider.class.getModule();
        String version = module.getDescriptor() != null
                ? module.getDescriptor().rawVersion().orElse("(unversioned)")
                : String.valueOf(VersionProvider.class.getPackage().getImplementationVersion());
        return new String[] {
            "vpn " + version,
            "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
