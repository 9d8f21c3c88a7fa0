/**
 * The {@code vpn} command line. Finds the plugins (ciphers, services and their commands) through
 * vpn.core: what a deployment offers is decided by the jars installed, not by this module.
 */
module vpn.app {
    requires vpn.core;
    requires vpn.api;
    requires com.google.guice;
    requires jakarta.inject;
    requires info.picocli;
    requires org.jline.reader;
    requires org.jline.terminal;
    requires me.tongfei.progressbar;

    // Guice constructs and picocli fills in the command objects reflectively.
    opens vpn.app to com.google.guice, info.picocli;
}
