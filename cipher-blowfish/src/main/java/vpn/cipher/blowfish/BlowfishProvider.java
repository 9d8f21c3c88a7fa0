package vpn.cipher.blowfish;

import java.util.List;
import org.bouncycastle.crypto.engines.BlowfishEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import vpn.api.CipherProvider;
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

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        if (key.length < 4 || key.length > 56) {
            throw new IllegalArgumentException("Blowfish takes a 4 to 56-byte key, not " + key.length);
        }
        if (iv.length != BLOCK) {
            throw new IllegalArgumentException("Blowfish-CBC takes an 8-byte IV, not " + iv.length);
        }
        // Always give BC's CBC an explicit IV: without one it silently starts from zeros.
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new BlowfishEngine());
        cbc.init(direction == Direction.ENCRYPT, new ParametersWithIV(new KeyParameter(key), iv));
        return (input, inputOffset, length, output, outputOffset) -> {
            if (length % BLOCK != 0) {
                throw new IllegalArgumentException("not a whole number of Blowfish blocks: " + length);
            }
            cbc.processBlocks(input, inputOffset, length / BLOCK, output, outputOffset);
        };
    }
}
