package vpn.core;

/**
 * Where a session reports what it does, one human-readable line at a time: the console in the
 * app (information on standard output, warnings and errors on standard error), a list in tests.
 * Lines never contain key material; peer text in them is escaped.
 */
@FunctionalInterface
public interface Transcript {

    /** The reference transcript's lines, in the order a session prints them, in both modes. */
    String NEGOTIATING_CIPHER = "Negotiating the cipher";
    String CHOSEN_CIPHER = "We are going to use ";
    String NEGOTIATING_KEY = "Negotiating the key";
    String KEY_ESTABLISHED = "The key has been established";

    /** One line of information. */
    void line(String text);

    /** A warning: printed as {@code warning: TEXT}. */
    default void warning(String text) {
        line("warning: " + text);
    }

    /** Discards everything: for load tools and benchmarks. */
    Transcript SILENT = text -> { };
}
