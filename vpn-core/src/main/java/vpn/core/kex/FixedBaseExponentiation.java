package vpn.core.kex;

import java.math.BigInteger;
import vpn.core.ProtocolException;

/**
 * A server's {@link Exponentiation}: its own key pairs, {@code g^x mod p} in its group, from a
 * {@link FixedBaseComb} (about a third of a {@code modPow}'s work for the 8192-bit group), and every
 * other exponentiation (the shared secret, whose base is the peer's) from {@code others}. The
 * results are the same numbers either way.
 *
 * <p>The comb is built on first use, not when this object is made, so making it costs nothing at
 * start-up: on a server the key-pair pool's first pair builds it in the background, otherwise the
 * first handshake waits for it (a fraction of a second, once). One instance per group, shared by
 * every thread.
 */
public final class FixedBaseExponentiation implements Exponentiation {

    private final DhGroup group;
    private final Exponentiation others;
    private volatile FixedBaseComb comb;

    /**
     * @param group the group whose generator gets the comb, for exponents of its private length
     * @param others every other exponentiation ({@link Exponentiation#DIRECT})
     */
    public FixedBaseExponentiation(DhGroup group, Exponentiation others) {
        this.group = group;
        this.others = others;
    }

    @Override
    public BigInteger modPow(BigInteger base, BigInteger exponent, BigInteger modulus) throws ProtocolException {
        if (base.equals(group.g()) && modulus.equals(group.p())) {
            FixedBaseComb table = comb();
            if (table.serves(exponent)) {
                return table.pow(exponent);
            }
        }
        return others.modPow(base, exponent, modulus);
    }

    /** The comb, built by the first caller; concurrent first callers wait for that one build. */
    FixedBaseComb comb() {
        FixedBaseComb built = comb;
        if (built == null) {
            synchronized (this) {
                built = comb;
                if (built == null) {
                    built = FixedBaseComb.build(group.g(), group.p(), 8 * group.exponentBytes());
                    comb = built;
                }
            }
        }
        return built;
    }
}
