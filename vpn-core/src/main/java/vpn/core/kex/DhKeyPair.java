package vpn.core.kex;

import java.math.BigInteger;

/**
 * An ephemeral key pair. The private exponent lives in a {@link BigInteger}, which is immutable:
 * the JVM gives no way to wipe it; we keep it only as long as the handshake needs it and never
 * log or print it ({@link #toString()} leaves it out).
 */
public final class DhKeyPair {

    private final BigInteger privateExponent;
    private final BigInteger publicValue;

    DhKeyPair(BigInteger privateExponent, BigInteger publicValue) {
        this.privateExponent = privateExponent;
        this.publicValue = publicValue;
    }

    BigInteger privateExponent() {
        return privateExponent;
    }

    public BigInteger publicValue() {
        return publicValue;
    }

    @Override
    public String toString() {
        return "DhKeyPair[public=" + publicValue.bitLength() + " bits, private=(hidden)]";
    }
}
