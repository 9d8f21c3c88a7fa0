package vpn.core.kex;

import java.math.BigInteger;
import vpn.core.ProtocolException;

/**
 * How a {@link DiffieHellman} computes {@code base^exponent mod modulus}: on the caller's thread,
 * or, on a server, through an {@link ExponentiationGate} that bounds how many run at once.
 */
@FunctionalInterface
public interface Exponentiation {

    /** The JDK's {@link BigInteger#modPow}, at once, on the caller's thread. */
    Exponentiation DIRECT = BigInteger::modPow;

    /**
     * @throws ProtocolException {@link ProtocolException.Reason#BUSY} when it could not start in time
     */
    BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) throws ProtocolException;
}
