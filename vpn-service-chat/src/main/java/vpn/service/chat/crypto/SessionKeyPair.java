package vpn.service.chat.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc7748.X25519;

/**
 * An X25519 key pair that lives as long as one chat session (its public half is announced) or
 * one direct message (the sender's ephemeral key). The private half stays in this object; {@link
 * #destroy()} overwrites it, though the JVM may have copied it while moving objects, which no Java
 * code can prevent.
 */
public final class SessionKeyPair {

    private final byte[] privateKey;
    private final byte[] publicKey;

    private SessionKeyPair(byte[] privateKey) {
        this.privateKey = privateKey;
        this.publicKey = new byte[X25519.POINT_SIZE];
        X25519.generatePublicKey(privateKey, 0, publicKey, 0);
    }

    public static SessionKeyPair generate(SecureRandom random) {
        byte[] privateKey = new byte[X25519.SCALAR_SIZE];
        X25519.generatePrivateKey(random, privateKey);
        return new SessionKeyPair(privateKey);
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /**
     * The shared secret with {@code peerPublicKey}; empty if it is all zeros, which a key of small
     * order gives (RFC 7748, section 6.1): such a "secret" is known to anyone, so it is refused.
     */
    public Optional<byte[]> agree(byte[] peerPublicKey) {
        if (peerPublicKey.length != X25519.POINT_SIZE) {
            return Optional.empty();
        }
        byte[] secret = new byte[X25519.POINT_SIZE];
        return X25519.calculateAgreement(privateKey, 0, peerPublicKey, 0, secret, 0)
                ? Optional.of(secret) : Optional.empty();
    }

    /** Overwrites the private key; the pair cannot agree on anything afterwards. */
    public void destroy() {
        Arrays.fill(privateKey, (byte) 0);
    }

    @Override
    public String toString() {
        return "SessionKeyPair[public=" + java.util.HexFormat.of().formatHex(publicKey) + ", private hidden]";
    }
}
