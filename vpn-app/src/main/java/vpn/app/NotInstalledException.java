package vpn.app;

/** A command whose service module is not installed (exit code 5). */
final class NotInstalledException extends RuntimeException {

    NotInstalledException(String command, String service) {
        super("vpn " + command + " needs the " + service + " service, which is not installed");
    }
}
