package vpn.service.files.client;

import vpn.api.service.ExitCode;
import vpn.api.service.Printable;
import vpn.service.files.protocol.FilesMessage.Failed;

/**
 * One request that did not succeed, with the line the user sees (after {@code error: }) and the
 * exit code: 5 for what the server (or the client itself, for an existing local file) refused,
 * 1 for a transfer that failed. The session goes on; the next file may still succeed.
 */
public final class TransferException extends Exception {

    @java.io.Serial
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public TransferException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** The server's FAILED answer, its text made safe to print. */
    static TransferException from(Failed failed) {
        return new TransferException(failed.reason().refusal() ? ExitCode.REFUSED : ExitCode.FAILURE,
                Printable.of(failed.text()));
    }

    static TransferException refused(String message) {
        return new TransferException(ExitCode.REFUSED, message);
    }

    static TransferException failed(String message) {
        return new TransferException(ExitCode.FAILURE, message);
    }

    public int exitCode() {
        return exitCode;
    }
}
