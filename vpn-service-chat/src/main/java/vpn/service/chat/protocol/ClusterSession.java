package vpn.service.chat.protocol;

import static vpn.service.chat.protocol.ChatProtocol.ED25519_KEY;

/**
 * One chat session as the servers of a cluster tell each other about it: whose it is (the name
 * and identity key its server authenticated) and the session key its client announced.
 */
public record ClusterSession(String name, byte[] identityKey, SignedSessionKey sessionKey) {

    public ClusterSession {
        Sizes.require(identityKey, ED25519_KEY, "identity key");
    }
}
