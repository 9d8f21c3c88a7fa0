package vpn.service.chat.crypto;

import java.util.Arrays;
import vpn.api.service.Identity;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.SignedSessionKey;

/**
 * A session key's announcement: the user's Ed25519 signature over
 * {@code SESSION_KEY_CONTEXT || session key}. The server checks it when the session joins; a
 * sender checks it again, against the key it pinned, before it encrypts to the session.
 */
public final class SessionKeySignatures {

    private SessionKeySignatures() {
    }

    public static SignedSessionKey sign(Identity identity, byte[] sessionKey) {
        return new SignedSessionKey(sessionKey, identity.sign(signed(sessionKey)));
    }

    /** Whether the owner of {@code identityKey} signed this session key. */
    public static boolean verify(SignedSessionKey sessionKey, byte[] identityKey) {
        return Ed25519Signatures.verify(identityKey, signed(sessionKey.key()), sessionKey.signature());
    }

    private static byte[] signed(byte[] sessionKey) {
        byte[] context = ChatProtocol.SESSION_KEY_CONTEXT;
        byte[] message = Arrays.copyOf(context, context.length + sessionKey.length);
        System.arraycopy(sessionKey, 0, message, context.length, sessionKey.length);
        return message;
    }
}
