package vpn.app;

/** The exit codes of the {@code vpn} command, as documented in its help and the README. */
final class ExitCodes {

    static final int OK = 0;
    /** A connection or protocol failure, or a broken deployment (no usable cipher). */
    static final int FAILURE = 1;
    /** Bad command-line usage (picocli's own code for it). */
    static final int USAGE = 2;
    /** The server and the client have no cipher in common. */
    static final int NO_COMMON_CIPHER = 3;
    /** The server could not be authenticated: changed key, bad signature, or classic mode refused. */
    static final int SERVER_NOT_AUTHENTICATED = 4;

    private ExitCodes() {
    }
}
