package vpn.core.keys;

import java.util.Optional;
import vpn.api.service.User;

/**
 * The server's users: who a public key belongs to. The authorized-keys file is one; tests use
 * maps. Thread-safe: handshakes look keys up from many sessions at once.
 */
public interface UserDirectory {

    /** The user whose raw Ed25519 public key this is, if the key is authorized. */
    Optional<User> find(byte[] publicKey);
}
