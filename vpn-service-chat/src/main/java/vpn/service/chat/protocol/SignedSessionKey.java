package vpn.service.chat.protocol;

import static vpn.service.chat.protocol.ChatProtocol.SIGNATURE;
import static vpn.service.chat.protocol.ChatProtocol.X25519_KEY;

/**
 * A chat session's X25519 public key as its client announced it: signed by the user's Ed25519
 * key, so that a sender can tell the server did not substitute a key of its own.
 */
public record SignedSessionKey(byte[] key, byte[] signature) {

    public SignedSessionKey {
        Sizes.require(key, X25519_KEY, "session key");
        Sizes.require(signature, SIGNATURE, "signature");
    }
}
