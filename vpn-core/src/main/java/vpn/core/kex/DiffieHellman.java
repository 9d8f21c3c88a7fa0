package vpn.core.kex;

import java.math.BigInteger;
import java.security.SecureRandom;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * Ephemeral finite-field Diffie-Hellman over one {@link DhGroup}. Thread-safe. Its two
 * exponentiations (the key pair's and the shared secret's) go through an {@link Exponentiation}:
 * directly on clients, through an {@link ExponentiationGate} on servers.
 */
public final class DiffieHellman {

    private final DhGroup group;
    private final SecureRandom random;
    private final Exponentiation exponentiation;
    private final BigInteger pMinusOne;

    /** Exponentiations computed at once on the caller's thread. */
    public DiffieHellman(DhGroup group, SecureRandom random) {
        this(group, random, Exponentiation.DIRECT);
    }

    public DiffieHellman(DhGroup group, SecureRandom random, Exponentiation exponentiation) {
        this.group = group;
        this.random = random;
        this.exponentiation = exponentiation;
        this.pMinusOne = group.p().subtract(BigInteger.ONE);
    }

    public DhGroup group() {
        return group;
    }

    /**
     * A fresh key pair: {@code exponentBytes} random bytes as an unsigned exponent, {@code y = g^x mod p}.
     *
     * @throws ProtocolException {@link Reason#BUSY} when a server's gate gave no turn in time
     */
    public DhKeyPair generateKeyPair() throws ProtocolException {
        byte[] bytes = new byte[group.exponentBytes()];
        BigInteger x;
        do {
            random.nextBytes(bytes);
            x = new BigInteger(1, bytes);
        } while (x.compareTo(BigInteger.TWO) < 0);
        return new DhKeyPair(x, exponentiation.modPow(group.g(), x, group.p()));
    }

    /**
     * Refuses a peer value unless {@code 2 < y < p-1} and y is a quadratic residue, as the classic
     * peers' library does. The range excludes 0, 1 and p-1, which would force the shared secret to
     * a known value; the residue test keeps y in the prime-order subgroup of the safe prime, so a
     * peer cannot confine the secret to a small subgroup.
     *
     * @throws ProtocolException {@link Reason#INVALID_KEY_SHARE}
     */
    public void checkPeerValue(BigInteger y) throws ProtocolException {
        if (y.compareTo(BigInteger.TWO) <= 0 || y.compareTo(pMinusOne) >= 0) {
            throw new ProtocolException(Reason.INVALID_KEY_SHARE, "invalid DH public value: out of range");
        }
        if (Jacobi.symbol(y, group.p()) != 1) {
            throw new ProtocolException(Reason.INVALID_KEY_SHARE, "invalid DH public value: not a quadratic residue");
        }
    }

    /**
     * The shared secret {@code s = y^x mod p} as big-endian bytes of {@code floor(bitlength/8) + 1}
     * (what {@link BigInteger#toByteArray()} gives for a positive number, and what the classic peers
     * hash). Checks the peer value first, so that an unsafe one costs no exponentiation.
     *
     * @throws ProtocolException {@link Reason#INVALID_KEY_SHARE}, or {@link Reason#BUSY} when a
     *     server's gate gave no turn in time
     */
    public byte[] agree(DhKeyPair own, BigInteger peerValue) throws ProtocolException {
        checkPeerValue(peerValue);
        return exponentiation.modPow(peerValue, own.privateExponent(), group.p()).toByteArray();
    }
}
