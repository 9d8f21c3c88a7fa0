package vpn.core.kex;

import vpn.core.ProtocolException;

/**
 * Where DH key pairs come from: computed when asked, taken from a {@link KeyPairPool} (servers),
 * or one pair reused (a load tool's client).
 */
@FunctionalInterface
public interface KeyPairSource {

    /**
     * @throws ProtocolException {@link ProtocolException.Reason#BUSY} when the pair had to be
     *     computed and the server's {@link ExponentiationGate} gave no turn in time
     */
    DhKeyPair get() throws ProtocolException;

    /** A fresh pair for every handshake, computed when asked. */
    static KeyPairSource direct(DiffieHellman dh) {
        return dh::generateKeyPair;
    }
}
