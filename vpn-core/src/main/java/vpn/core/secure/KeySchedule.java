package vpn.core.secure;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import vpn.api.CipherProvider;

/**
 * Secure mode's key schedule, HKDF-SHA256 (RFC 5869), on Bouncy Castle's implementation:
 *
 * <pre>
 * PRK          = HKDF-Extract(salt = H, IKM = the raw DH secret)        H: the handshake hash
 * c2s_secret_0 = HKDF-Expand(PRK, "customvpn v2 c2s traffic", 32)
 * s2c_secret_0 = HKDF-Expand(PRK, "customvpn v2 s2c traffic", 32)
 * secret_{n+1} = HKDF-Expand(secret_n, "customvpn v2 rekey", 32)       the ratchet, per direction
 * key          = HKDF-Expand(secret_n, "customvpn v2 key", keyLength)  full entropy, negotiated size
 * mac_key      = HKDF-Expand(secret_n, "customvpn v2 mac", 32)
 * iv           = HKDF-Expand(secret_n, "customvpn v2 iv", blockSize)   start of the epoch's CBC chain
 * </pre>
 */
final class KeySchedule {

    /** One direction's traffic keys for one epoch. */
    record EpochKeys(byte[] key, byte[] macKey, byte[] iv) {
    }

    /** The first traffic secret of each direction. */
    record TrafficSecrets(byte[] clientToServer, byte[] serverToClient) {
    }

    private KeySchedule() {
    }

    static TrafficSecrets derive(byte[] sharedSecret, byte[] handshakeHash) {
        byte[] prk = extract(handshakeHash, sharedSecret);
        return new TrafficSecrets(
                expand(prk, "c2s traffic", SecureProtocol.TRAFFIC_SECRET_LENGTH),
                expand(prk, "s2c traffic", SecureProtocol.TRAFFIC_SECRET_LENGTH));
    }

    static EpochKeys epochKeys(byte[] trafficSecret, CipherProvider provider, int keySize) {
        return new EpochKeys(
                expand(trafficSecret, "key", provider.keyLength(keySize)),
                expand(trafficSecret, "mac", SecureProtocol.MAC_KEY_LENGTH),
                expand(trafficSecret, "iv", provider.blockSize()));
    }

    static byte[] next(byte[] trafficSecret) {
        return expand(trafficSecret, "rekey", SecureProtocol.TRAFFIC_SECRET_LENGTH);
    }

    static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        return hkdf.extractPRK(salt, inputKeyMaterial);
    }

    static byte[] expand(byte[] pseudoRandomKey, String label, int length) {
        return expandRaw(pseudoRandomKey, (SecureProtocol.LABEL_PREFIX + label).getBytes(StandardCharsets.US_ASCII), length);
    }

    static byte[] expandRaw(byte[] pseudoRandomKey, byte[] info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(HKDFParameters.skipExtractParameters(pseudoRandomKey, info));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }
}
