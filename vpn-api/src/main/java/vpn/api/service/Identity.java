package vpn.api.service;

/**
 * The client's own authenticated user, as a service's client half sees it: who the server accepted
 * it as, and the user's key to sign with (a chat client signs its direct messages end to end). The
 * private key itself never leaves the core.
 */
public interface Identity {

    /** The user as the server accepted it: the name from its authorized-keys file, and the key. */
    User user();

    /** An Ed25519 signature by the user's key over {@code message}. */
    byte[] sign(byte[] message);
}
