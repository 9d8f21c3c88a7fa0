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
     * As {@link #connect()}, with the handshake's transcript lines (and the pinning of a new
     * server key) on standard error instead: for commands whose standard output scripts read, such
     * as the checksum lines of a file transfer or the file itself.
     */
    default Channel connectReportingOnStandardError() throws IOException {
        return connectQuietly();
    }

    /**
     * As {@link #connectQuietly()}, as the user whose Ed25519 private key (the 32-byte seed of RFC
     * 8032) is {@code ed25519PrivateKey} instead of the user's own: for load tools that play many
     * users, whose keys they make and put in the server's authorized keys themselves.
     */
    Channel connectAs(byte[] ed25519PrivateKey) throws IOException;

    /**
     * The same client (its keys, known hosts and ciphers) toward another server: for a load tool
     * that spreads its sessions over the servers of a cluster.
     *
     * @throws UnsupportedOperationException if this context reaches one server only
     */
    default CommandContext at(String host, int port) {
        throw new UnsupportedOperationException("this command reaches one server");
    }

    Terminal terminal();

    /**
     * The server this context connects to, {@code HOST:PORT} as the user named it, for the
     * command's own lines ({@code Forwarding ... via HOST:PORT}).
     */
    default String server() {
        return "the server";
    }
}
