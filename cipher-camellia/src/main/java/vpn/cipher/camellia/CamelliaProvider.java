package vpn.cipher.camellia;

import java.util.List;
import org.bouncycastle.crypto.engines.CamelliaEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;

/**
 * Camellia (RFC 3713; 128-bit blocks, like AES) in CBC mode. The JDK has no Camellia, so this is
 * what Bouncy Castle is for here.
 */
public final class CamelliaProvider implements CipherProvider {

    private static final int BLOCK = 16;

    @Override
    public String name() {
        return "Camellia";
    }

    @Override
    public List<Integer> keySizes() {
        return List.of(128, 192, 256);
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    /**
     * RFC 3713 appendix A, one block each: with an all-zero IV, one CBC block is the ECB block the
     * RFC prints (checked against OpenSSL's camellia-*-ecb).
     */
    @Override
    public List<KnownAnswer> knownAnswers() {
        String iv = "00".repeat(16);
        String plaintext = "0123456789abcdeffedcba9876543210";
        return List.of(
                KnownAnswer.ofHex("RFC 3713 A, 128-bit key", "0123456789abcdeffedcba9876543210", iv, plaintext,
                        "67673138549669730857065648eabe43"),
                KnownAnswer.ofHex("RFC 3713 A, 192-bit key", "0123456789abcdeffedcba98765432100011223344556677", iv,
                        plaintext, "b4993401b3e996f84ee5cee7d79b09b9"),
                KnownAnswer.ofHex("RFC 3713 A, 256-bit key",
                        "0123456789abcdeffedcba987654321000112233445566778899aabbccddeeff", iv, plaintext,
                        "9acc237dff16d76c20ef7c919e3a7509"));
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        // Always give BC's CBC an explicit IV: without one it silently starts from zeros.
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new CamelliaEngine());
        cbc.init(direction == Direction.ENCRYPT, new ParametersWithIV(new KeyParameter(key), iv));
        return (in, inOffset, length, out, outOffset) -> cbc.processBlocks(in, inOffset, length / BLOCK, out, outOffset);
    }
}
