package vpn.core.kex;

import java.util.function.Supplier;

/**
 * Where a server's DH key pairs come from. The handshake hooks let a pool compute ahead only while
 * no handshake is running.
 */
public interface ServerKeyPairs extends Supplier<DhKeyPair> {

    default void handshakeStarted() {
    }

    default void handshakeDone() {
    }

    /** A fresh pair for every handshake, computed when asked. */
    static ServerKeyPairs direct(DiffieHellman dh) {
        return dh::generateKeyPair;
    }
}
