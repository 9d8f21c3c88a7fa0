package vpn.service.chat.protocol;

import static vpn.service.chat.protocol.ChatProtocol.MAX_CIPHERTEXT;
import static vpn.service.chat.protocol.ChatProtocol.NONCE;
import static vpn.service.chat.protocol.ChatProtocol.SIGNATURE;
import static vpn.service.chat.protocol.ChatProtocol.TAG;
import static vpn.service.chat.protocol.ChatProtocol.X25519_KEY;

/**
 * One copy of a direct message, for one session of the recipient: what the server relays and
 * cannot read. Its construction: {@code vpn.service.chat.crypto.DirectMessageCrypto}.
 *
 * @param recipientKey the session key it is encrypted to; the server relays it to that session
 * @param ephemeralKey the sender's one-time X25519 key
 * @param ciphertext ChaCha20-Poly1305's output, the tag included
 * @param signature the sender's Ed25519 signature over all of it and both names
 */
public record SealedMessage(byte[] recipientKey, byte[] ephemeralKey, byte[] nonce, byte[] ciphertext,
        byte[] signature) {

    public SealedMessage {
        Sizes.require(recipientKey, X25519_KEY, "recipient key");
        Sizes.require(ephemeralKey, X25519_KEY, "ephemeral key");
        Sizes.require(nonce, NONCE, "nonce");
        if (ciphertext.length <= TAG || ciphertext.length > MAX_CIPHERTEXT) {
            throw new IllegalArgumentException("a ciphertext of " + ciphertext.length + " bytes, not "
                    + (TAG + 1) + " to " + MAX_CIPHERTEXT);
        }
        Sizes.require(signature, SIGNATURE, "signature");
    }
}
