package vpn.core.secure;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.kex.DhGroup;
import vpn.core.kex.DhKeyPair;
import vpn.core.kex.DiffieHellman;
import vpn.core.kex.KeyPairSource;

/**
 * The key exchanges secure mode negotiates, each ephemeral (a new key pair per session, so
 * recorded sessions stay secret if a long-term key later leaks). Identified on the wire by a
 * number that reads as what it is.
 */
public enum KeyExchange {

    /** RFC 7748 X25519: about a hundred times cheaper than the 8192-bit group. */
    X25519(25519),
    /** RFC 3526 group 18, as in classic mode, with the public value and secret in 1,024 bytes. */
    MODP_8192(8192);

    private final int id;

    KeyExchange(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** How transcripts name it: {@code X25519}, {@code MODP-8192}. */
    public String label() {
        return name().replace('_', '-');
    }

    public static Optional<KeyExchange> byId(int id) {
        return Arrays.stream(values()).filter(k -> k.id == id).findFirst();
    }

    /** An ephemeral key of this exchange: its public share, and the agreement with a peer's. */
    public interface Ephemeral {
        byte[] publicShare();

        /** @throws ProtocolException {@link Reason#INVALID_KEY_SHARE} for an unsafe peer share */
        byte[] agree(byte[] peerShare) throws ProtocolException;
    }

    /** A client's ephemeral key. */
    public Ephemeral generate(SecureRandom random) throws ProtocolException {
        if (this == X25519) {
            return new X25519Ephemeral(random); // no 8192-bit group to set up for it
        }
        DiffieHellman dh = new DiffieHellman(DhGroup.MODP_8192, random);
        return generate(random, dh, KeyPairSource.direct(dh));
    }

    /**
     * @param dh the 8192-bit group's operations
     * @param modpPairs where MODP key pairs come from (a {@link vpn.core.kex.KeyPairPool} on servers)
     * @throws ProtocolException {@link ProtocolException.Reason#BUSY} when a server's gate gave no turn in time
     */
    public Ephemeral generate(SecureRandom random, DiffieHellman dh, KeyPairSource modpPairs)
            throws ProtocolException {
        return switch (this) {
            case X25519 -> new X25519Ephemeral(random);
            case MODP_8192 -> new ModpEphemeral(dh, modpPairs.get());
        };
    }

    private static final class X25519Ephemeral implements Ephemeral {
        private final X25519PrivateKeyParameters privateKey;

        X25519Ephemeral(SecureRandom random) {
            this.privateKey = new X25519PrivateKeyParameters(random);
        }

        @Override
        public byte[] publicShare() {
            return privateKey.generatePublicKey().getEncoded();
        }

        @Override
        public byte[] agree(byte[] peerShare) throws ProtocolException {
            if (peerShare.length != X25519PublicKeyParameters.KEY_SIZE) {
                throw new ProtocolException(Reason.INVALID_KEY_SHARE, "invalid X25519 share: wrong length");
            }
            X25519Agreement agreement = new X25519Agreement();
            agreement.init(privateKey);
            byte[] secret = new byte[agreement.getAgreementSize()];
            try {
                agreement.calculateAgreement(new X25519PublicKeyParameters(peerShare), secret, 0);
            } catch (IllegalStateException allZero) {
                // Bouncy Castle refuses an all-zero result: the peer sent a small-order point (RFC 7748 6.1).
                throw new ProtocolException(Reason.INVALID_KEY_SHARE, "invalid X25519 share: small-order point");
            }
            return secret;
        }
    }

    private static final class ModpEphemeral implements Ephemeral {
        private static final int LENGTH = DhGroup.MODP_8192.p().bitLength() / 8;
        private final DiffieHellman dh;
        private final DhKeyPair pair;

        ModpEphemeral(DiffieHellman dh, DhKeyPair pair) {
            this.dh = dh;
            this.pair = pair;
        }

        @Override
        public byte[] publicShare() {
            return fixedLength(pair.publicValue());
        }

        @Override
        public byte[] agree(byte[] peerShare) throws ProtocolException {
            if (peerShare.length != LENGTH) {
                throw new ProtocolException(Reason.INVALID_KEY_SHARE, "invalid DH share: wrong length");
            }
            byte[] secret = dh.agree(pair, new BigInteger(1, peerShare));
            return fixedLength(new BigInteger(1, secret));
        }

        /** Big-endian, left-padded to the prime's length, as TLS does for finite-field DH. */
        private static byte[] fixedLength(BigInteger value) {
            byte[] bytes = value.toByteArray();
            byte[] out = new byte[LENGTH];
            int copy = Math.min(bytes.length, LENGTH);
            System.arraycopy(bytes, bytes.length - copy, out, LENGTH - copy, copy);
            return out;
        }
    }
}
