package vpn.cipher.aesgcm;

import java.util.List;
import vpn.api.AeadCipher;
import vpn.api.AeadKnownAnswer;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;

/**
 * AES in GCM mode: an authenticated cipher, so secure mode needs no HMAC on top, and the JDK's
 * implementation is an AES-NI + carry-less-multiply intrinsic that runs several times faster than
 * CBC encryption, which cannot be parallelised (see docs/performance.md). Secure mode only: the
 * classic protocol's records are CBC.
 */
public final class AesGcmProvider implements CipherProvider {

    @Override
    public String name() {
        return "AES-GCM";
    }

    @Override
    public List<Integer> keySizes() {
        return List.of(128, 192, 256);
    }

    /** AES's block; GCM itself needs no padding. */
    @Override
    public int blockSize() {
        return 16;
    }

    @Override
    public boolean aead() {
        return true;
    }

    /** None: an AEAD has no CBC vectors; see {@link #aeadKnownAnswers()}. */
    @Override
    public List<KnownAnswer> knownAnswers() {
        return List.of();
    }

    /** McGrew and Viega, "The Galois/Counter Mode of Operation", test cases 2, 4, 10, 14 and 16. */
    @Override
    public List<AeadKnownAnswer> aeadKnownAnswers() {
        String key = "feffe9928665731c6d6a8f9467308308";
        String nonce = "cafebabefacedbaddecaf888";
        String aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
        String plaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
        return List.of(
                AeadKnownAnswer.ofHex("GCM test case 2", "00".repeat(16), "00".repeat(12), "", "00".repeat(16),
                        "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf"),
                AeadKnownAnswer.ofHex("GCM test case 4", key, nonce, aad, plaintext,
                        "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
                        + "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
                        + "5bc94fbc3221a5db94fae95ae7121a47"),
                AeadKnownAnswer.ofHex("GCM test case 10", key + "feffe9928665731c", nonce, aad, plaintext,
                        "3980ca0b3c00e841eb06fac4872a2757859e1ceaa6efd984628593b40ca1e19c"
                        + "7d773d00c144c525ac619d18c84a3f4718e2448b2fe324d9ccda2710"
                        + "2519498e80f1478f37ba55bd6d27618c"),
                AeadKnownAnswer.ofHex("GCM test case 14", "00".repeat(32), "00".repeat(12), "", "00".repeat(16),
                        "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919"),
                AeadKnownAnswer.ofHex("GCM test case 16", key + key, nonce, aad, plaintext,
                        "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                        + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662"
                        + "76fc6ece0f4e1768cddf8853bb2d551b"));
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        throw new UnsupportedOperationException("AES-GCM is an authenticated cipher for secure mode: it has no CBC chain");
    }

    @Override
    public AeadCipher newAead(Direction direction, byte[] key) {
        return new JdkGcm(direction, key);
    }
}
