package vpn.app;

/** The app cannot start as configured; the message is the one line the user sees. */
final class StartupException extends RuntimeException {

    StartupException(String message) {
        super(message);
    }
}
