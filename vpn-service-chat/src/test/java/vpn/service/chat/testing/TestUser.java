package vpn.service.chat.testing;

import java.security.SecureRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import vpn.api.service.Identity;
import vpn.api.service.User;
import vpn.service.chat.crypto.SshEd25519;

/**
 * A user with an Ed25519 key made for the test: the {@link User} the server sees, and the
 * {@link Identity} its client signs with.
 */
public final class TestUser implements Identity {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] privateKey;
    private final User user;

    private TestUser(String name, byte[] privateKey) {
        this.privateKey = privateKey;
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
        this.user = new User(name, SshEd25519.fingerprint(publicKey), publicKey);
    }

    public static TestUser named(String name) {
        byte[] privateKey = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(RANDOM, privateKey);
        return new TestUser(name, privateKey);
    }

    /** A user whose private key (the 32-byte seed of RFC 8032) is {@code privateKey}. */
    public static TestUser withKey(String name, byte[] privateKey) {
        return new TestUser(name, privateKey.clone());
    }

    /** The same name with another key. */
    public TestUser withAnotherKey() {
        return named(user.name());
    }

    public String name() {
        return user.name();
    }

    public byte[] publicKey() {
        return user.publicKey();
    }

    @Override
    public User user() {
        return user;
    }

    @Override
    public byte[] sign(byte[] message) {
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }
}
