package vpn.cipher.blowfish;

import java.util.List;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import vpn.api.CipherProvider;
import vpn.api.KnownAnswer;
import vpn.api.Direction;
import vpn.api.SessionCipher;

/** Blowfish (64-bit blocks) in CBC mode, on Bouncy Castle's lightweight engine. */
public final class BlowfishProvider implements CipherProvider {

    private static final int BLOCK = 8;

    @Override
    public String name() {
        return "Blowfish";
    }

    @Override
    public List<Integer> keySizes() {
        return List.of(112, 224, 448);
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    /** Eric Young's Blowfish CBC test vector (libdeslite / OpenSSL bftest). */
    @Override
    public List<KnownAnswer> knownAnswers() {
        return List.of(KnownAnswer.ofHex("Eric Young, bftest CBC", "0123456789abcdeff0e1d2c3b4a59687", "fedcba9876543210",
                "37363534333231204e6f77206973207468652074696d6520666f722000000000",
                "6b77b4d63006dee605b156e27403979358deb9e7154616d959f1652bd5ff92cc"));
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        // Always give BC's CBC an explicit IV: without one it silently starts from zeros.
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new BlowfishEngine());
        cbc.init(direction == Direction.ENCRYPT, new ParametersWithIV(new KeyParameter(key), iv));
        return (in, inOffset, length, out, outOffset) -> cbc.processBlocks(in, inOffset, length / BLOCK, out, outOffset);
    }
}
