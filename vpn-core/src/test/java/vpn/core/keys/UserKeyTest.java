package vpn.core.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Ed25519 signing and verifying against RFC 8032's first test vector, and the sizes verify refuses. */
class UserKeyTest {

    private static final HexFormat HEX = HexFormat.of();
    // RFC 8032 section 7.1, TEST 1: the empty message.
    private static final byte[] SECRET = HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    private static final byte[] PUBLIC = HEX.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    private static final byte[] SIGNATURE = HEX.parseHex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555"
            + "fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");

    @Test
    void signsAndVerifiesRfc8032sFirstVector() {
        UserKey key = UserKey.fromPrivate(SECRET);
        assertArrayEquals(PUBLIC, key.publicKey());
        assertArrayEquals(SIGNATURE, key.sign(new byte[0]));
        assertTrue(UserKey.verify(PUBLIC, new byte[0], SIGNATURE));
    }

    @Test
    void anyOtherMessageKeyOrSignatureDoesNotVerify() {
        assertFalse(UserKey.verify(PUBLIC, new byte[] {0}, SIGNATURE));
        byte[] flipped = SIGNATURE.clone();
        flipped[63] ^= 1;
        assertFalse(UserKey.verify(PUBLIC, new byte[0], flipped));
        assertFalse(UserKey.verify(UserKey.fromPrivate(new byte[32]).publicKey(), new byte[0], SIGNATURE));
    }

    /** Sizes are checked before Bouncy Castle reads past an array's end. */
    @Test
    void keysAndSignaturesOfTheWrongSizeDoNotVerify() {
        assertFalse(UserKey.verify(Arrays.copyOf(PUBLIC, 31), new byte[0], SIGNATURE));
        assertFalse(UserKey.verify(Arrays.copyOf(PUBLIC, 33), new byte[0], SIGNATURE));
        assertFalse(UserKey.verify(PUBLIC, new byte[0], Arrays.copyOf(SIGNATURE, 63)));
        assertFalse(UserKey.verify(PUBLIC, new byte[0], Arrays.copyOf(SIGNATURE, 65)));
    }

    /** OpenSSH's fingerprint hashes the wire encoding; the one of releases before 0.2 hashed the raw 32 bytes. */
    @Test
    void bothFingerprintsHashWhatTheyShould() throws Exception {
        java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder().withoutPadding();
        assertEquals("SHA256:" + base64.encodeToString(sha256.digest(SshKeys.wire(PUBLIC))), SshKeys.fingerprint(PUBLIC));
        assertEquals("SHA256:" + base64.encodeToString(sha256.digest(PUBLIC)), SshKeys.legacyFingerprint(PUBLIC));
    }

    @Test
    void aKeyPrintsItsFingerprintAndHidesItsPrivateHalf() {
        UserKey key = UserKey.fromPrivate(SECRET);
        assertEquals("UserKey[" + SshKeys.fingerprint(PUBLIC) + ", private key hidden]", key.toString());
    }
}
