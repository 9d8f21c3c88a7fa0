package vpn.api.service;

/** The exit codes of {@code vpn}, which commands of service modules return too. */
public final class ExitCode {

    /** Success. */
    public static final int OK = 0;
    /** A connection or protocol failure. */
    public static final int FAILURE = 1;
    /** Bad command-line usage. */
    public static final int USAGE = 2;
    /** No cipher in common with the server. */
    public static final int NO_COMMON_CIPHER = 3;
    /** Authentication failed, either side: server key, signature, classic refused, user not authorized. */
    public static final int AUTHENTICATION = 4;
    /** Refused by the server: service not installed or not offered, not allowed, and the like. */
    public static final int REFUSED = 5;

    private ExitCode() {
    }
}
