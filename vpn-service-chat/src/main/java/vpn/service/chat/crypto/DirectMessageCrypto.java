package vpn.service.chat.crypto;

import static vpn.service.chat.protocol.ChatProtocol.DIRECT_MESSAGE_CONTEXT;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import vpn.api.service.Identity;
import vpn.service.chat.protocol.ChatProtocol;
import vpn.service.chat.protocol.SealedMessage;
import vpn.service.chat.protocol.WireWriter;

/**
 * Direct messages end to end: sealed by the sender for one session key of the recipient, opened
 * only by that session. With {@code C} = {@code DIRECT_MESSAGE_CONTEXT}, {@code S}/{@code R} the
 * sender's and recipient's names as u16-length-prefixed UTF-8, {@code E} a fresh ephemeral X25519
 * key and {@code P} the recipient's session key:
 * <pre>
 * key        = HKDF-SHA256(ikm = X25519(e, P), salt = none, info = C || E || P || S || R), 32 bytes
 * ciphertext = ChaCha20-Poly1305(key, nonce = 12 random bytes, aad = C || S || R, text)
 * signature  = Ed25519(sender's identity, C || P || E || nonce || u16 len || ciphertext || S || R)
 * </pre>
 * The fresh ephemeral key gives every message its own key (forward secrecy once the session key
 * is gone); the signature proves the sender to the recipient even though the server picked the
 * session keys' route; the names in the key, the data and the signature stop the server from
 * passing a message off as another sender's or redirecting it to another user.
 */
public final class DirectMessageCrypto {

    private static final int KEY_BYTES = 32;

    private final SecureRandom random;

    public DirectMessageCrypto(SecureRandom random) {
        this.random = random;
    }

    /**
     * Seals {@code text} for one session of the recipient.
     *
     * @throws VerificationException if the session key is one of the weak keys of X25519 (the
     *     recipient's client announced a key no message can be secret to)
     */
    public SealedMessage seal(Identity sender, String senderName, String recipientName, byte[] recipientSessionKey,
            byte[] text) throws VerificationException {
        SessionKeyPair ephemeral = SessionKeyPair.generate(random);
        byte[] secret = ephemeral.agree(recipientSessionKey)
                .orElseThrow(() -> new VerificationException("the session key is a weak X25519 key"));
        ephemeral.destroy();
        byte[] ephemeralKey = ephemeral.publicKey();
        byte[] key = messageKey(secret, ephemeralKey, recipientSessionKey, senderName, recipientName);
        byte[] nonce = new byte[ChatProtocol.NONCE];
        random.nextBytes(nonce);
        try {
            byte[] ciphertext = chacha(Cipher.ENCRYPT_MODE, key, nonce, additionalData(senderName, recipientName), text);
            byte[] signature = sender.sign(signed(recipientSessionKey, ephemeralKey, nonce, ciphertext, senderName,
                    recipientName));
            return new SealedMessage(recipientSessionKey, ephemeralKey, nonce, ciphertext, signature);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("encryption checks no tag", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * Checks and opens a message sealed for {@code recipient}'s session.
     *
     * @param senderKey the sender's Ed25519 identity key, as the caller checked it against its pin
     * @return the text's bytes
     * @throws VerificationException if the message is for another session, the signature is not
     *     the sender's over this message and these names, or the ciphertext fails its tag
     */
    public byte[] open(SessionKeyPair recipient, String recipientName, String senderName, byte[] senderKey,
            SealedMessage message) throws VerificationException {
        byte[] sessionKey = recipient.publicKey();
        if (!Arrays.equals(message.recipientKey(), sessionKey)) {
            throw new VerificationException("the message is for another session");
        }
        byte[] signed = signed(sessionKey, message.ephemeralKey(), message.nonce(), message.ciphertext(), senderName,
                recipientName);
        if (!Ed25519Signatures.verify(senderKey, signed, message.signature())) {
            throw new VerificationException("the signature is not the sender's");
        }
        byte[] secret = recipient.agree(message.ephemeralKey())
                .orElseThrow(() -> new VerificationException("the ephemeral key is a weak X25519 key"));
        byte[] key = messageKey(secret, message.ephemeralKey(), sessionKey, senderName, recipientName);
        try {
            return chacha(Cipher.DECRYPT_MODE, key, message.nonce(), additionalData(senderName, recipientName),
                    message.ciphertext());
        } catch (AEADBadTagException e) {
            throw new VerificationException("the ciphertext fails its tag");
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] messageKey(byte[] secret, byte[] ephemeralKey, byte[] sessionKey, String senderName,
            String recipientName) {
        byte[] info = new WireWriter().fixed(DIRECT_MESSAGE_CONTEXT).fixed(ephemeralKey).fixed(sessionKey)
                .text(senderName).text(recipientName).toByteArray();
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secret, null, info));
        byte[] key = new byte[KEY_BYTES];
        hkdf.generateBytes(key, 0, key.length);
        Arrays.fill(secret, (byte) 0);
        return key;
    }

    private static byte[] additionalData(String senderName, String recipientName) {
        return new WireWriter().fixed(DIRECT_MESSAGE_CONTEXT).text(senderName).text(recipientName).toByteArray();
    }

    private static byte[] signed(byte[] sessionKey, byte[] ephemeralKey, byte[] nonce, byte[] ciphertext,
            String senderName, String recipientName) {
        return new WireWriter().fixed(DIRECT_MESSAGE_CONTEXT).fixed(sessionKey).fixed(ephemeralKey).fixed(nonce)
                .bytes(ciphertext).text(senderName).text(recipientName).toByteArray();
    }

    private static byte[] chacha(int mode, byte[] key, byte[] nonce, byte[] additionalData, byte[] input)
            throws AEADBadTagException {
        try {
            Cipher cipher = Cipher.getInstance("ChaCha20-Poly1305");
            cipher.init(mode, new SecretKeySpec(key, "ChaCha20"), new IvParameterSpec(nonce));
            cipher.updateAAD(additionalData);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK since 11 has ChaCha20-Poly1305", e);
        }
    }
}
