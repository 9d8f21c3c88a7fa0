package vpn.api.service;

import java.io.IOException;

/** What the app gives a {@link ServiceCommand}: a way to the server, and the user's terminal. */
public interface CommandContext {

    /**
     * Connects to the server the user named, runs the handshake with the user's options and asks
     * for the command's service. Transcript lines of the handshake go to the terminal.
     *
     * @throws IOException when the connection or the handshake fails, or the server refuses the
     *     service; the app turns it into the documented exit code when it propagates
     */
    Channel connect() throws IOException;

    /**
     * As {@link #connect()}, but without the handshake's transcript lines (warnings are still
     * shown): for commands whose output is the service's alone, such as a chat.
     */
    Channel connectQuietly() throws IOException;

    /**
     * As {@link #connectQuietly()}, as the user whose key is in {@code identityFile} (an OpenSSH
     * ed25519 private key without a passphrase) instead of the user's own: for load tools that
     * play many users.
     */
    Channel connectAs(java.nio.file.Path identityFile) throws IOException;

    Terminal terminal();
}
