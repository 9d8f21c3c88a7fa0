package vpn.service.files.server;

import vpn.api.service.ServiceSession;
import vpn.service.files.storage.Sha256;

/**
 * What the server's transcript says about one session's files: a line per transfer, request and
 * refusal, and the SHA-256 of every file sent or stored as sha256sum prints it (the name relative
 * to the served folder), so an operator can check the files with {@code sha256sum -c}.
 */
final class TransferLog {

    private final ServiceSession session;
    private final String user;

    TransferLog(ServiceSession session, String user) {
        this.session = session;
        this.user = user;
    }

    void stored(String path, long size, byte[] digest) {
        session.log("Files: " + user + " put " + RemotePaths.quote(path) + " (" + size + " bytes)");
        session.log(Sha256.line(digest, path));
    }

    void sent(String path, long size, byte[] digest) {
        session.log("Files: " + user + " got " + RemotePaths.quote(path) + " (" + size + " bytes)");
        session.log(Sha256.line(digest, path));
    }

    void done(String what, String path) {
        session.log("Files: " + user + " " + what + " " + RemotePaths.quote(path));
    }

    void refused(String request, String path, String reason) {
        session.log("Files: " + user + " " + request + " " + RemotePaths.quote(path) + " refused: " + reason);
    }

    void interrupted(String path, long received) {
        session.log("Files: " + user + " put " + RemotePaths.quote(path) + " interrupted after " + received
                + " bytes; kept for --resume");
    }
}
