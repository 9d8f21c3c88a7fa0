package vpn.service.chat.crypto;

import org.bouncycastle.math.ec.rfc8032.Ed25519;

/** Checks Ed25519 signatures; signing is the core's ({@link vpn.api.service.Identity#sign}). */
final class Ed25519Signatures {

    private Ed25519Signatures() {
    }

    /**
     * Whether {@code signature} is {@code publicKey}'s over {@code message}; false for values of the
     * wrong size and for keys off the curve.
     */
    static boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        if (publicKey.length != Ed25519.PUBLIC_KEY_SIZE || signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        try {
            return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
        } catch (RuntimeException malformedKey) {
            return false;
        }
    }
}
