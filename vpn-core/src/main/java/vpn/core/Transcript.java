package vpn.core;

/**
 * Where a session reports what it does, one human-readable line at a time (the console in the
 * app, a list in tests). Lines never contain key material.
 */
@FunctionalInterface
public interface Transcript {

    void line(String text);

    /** Discards everything: for load tools and benchmarks. */
    Transcript SILENT = text -> { };
}
