package vpn.api.service;

/**
 * What a service learns of its server when the server starts ({@link Service#start}): the server's
 * identity, and its log.
 */
public interface ServerContext {

    /** The server key's fingerprint as clients pin it: {@code SHA256:} and unpadded base64. */
    String serverKeyFingerprint();

    /** Writes one line to the server's log (never a secret). */
    void log(String line);
}
