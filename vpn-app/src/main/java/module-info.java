/**
 * The {@code vpn} command line. Finds the cipher modules through vpn.core's ServiceLoader: which
 * ciphers a deployment offers is decided by the jars on the module path, not by this module.
 */
module vpn.app {
    requires vpn.core;
    requires com.google.guice;
    requires jakarta.inject;
    requires info.picocli;

    // Guice constructs and picocli fills in the command objects reflectively.
    opens vpn.app to com.google.guice, info.picocli;
}
