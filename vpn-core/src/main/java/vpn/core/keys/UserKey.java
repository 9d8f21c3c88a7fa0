package vpn.core.keys;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 key pair held in memory: a user's identity on the client (it signs the handshake to
 * prove who the user is), or any other signing key of ours. The private half is never printed.
 */
public final class UserKey {

    private final byte[] privateKey;
    private final byte[] publicKey;

    private UserKey(byte[] privateKey) {
        if (privateKey.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is " + Ed25519.SECRET_KEY_SIZE
                    + " bytes, not " + privateKey.length);
        }
        this.privateKey = privateKey.clone();
        this.publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(this.privateKey, 0, publicKey, 0);
    }

    public static UserKey generate(SecureRandom random) {
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(random, seed);
        return new UserKey(seed);
    }

    /** The key pair of a 32-byte Ed25519 private key (RFC 8032's seed). */
    public static UserKey fromPrivate(byte[] seed) {
        return new UserKey(seed);
    }

    /** The raw 32-byte public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The 32-byte private key (seed), for writing a key file; never print it. */
    public byte[] privateKey() {
        return privateKey.clone();
    }

    /** {@code SHA256:...}, as OpenSSH shows the key. */
    public String fingerprint() {
        return SshKeys.fingerprint(publicKey);
    }

    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Whether {@code signature} is {@code publicKey}'s over {@code message}; false for keys or signatures of the wrong size. */
    public static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return publicKey.length == Ed25519.PUBLIC_KEY_SIZE && signature.length == Ed25519.SIGNATURE_SIZE
                && Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
    }

    @Override
    public String toString() {
        return "UserKey[" + fingerprint() + ", private key hidden]";
    }
}
