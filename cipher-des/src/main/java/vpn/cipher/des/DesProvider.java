package vpn.cipher.des;

import java.util.List;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.SessionCipher;

/**
 * Single DES in CBC mode: 56 key bits in an 8-byte key (the low bit of each byte is parity and
 * is ignored). Offered for compatibility with the classic peers only; 56 bits are brute-forceable.
 */
public final class DesProvider implements CipherProvider {

    private static final int BLOCK = 8;

    @Override
    public String name() {
        return "DES";
    }

    @Override
    public List<Integer> keySizes() {
        return List.of(56);
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    /** 56 bits travel in 8 bytes: the classic derivation takes 7 characters and one {@code 0x00}. */
    @Override
    public int keyLength(int keySize) {
        return 8;
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        if (key.length != 8) {
            throw new IllegalArgumentException("DES takes an 8-byte key, not " + key.length);
        }
        if (iv.length != BLOCK) {
            throw new IllegalArgumentException("DES-CBC takes an 8-byte IV, not " + iv.length);
        }
        // Always give BC's CBC an explicit IV: without one it silently starts from zeros.
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new DESEngine());
        cbc.init(direction == Direction.ENCRYPT, new ParametersWithIV(new KeyParameter(key), iv));
        return (input, inputOffset, length, output, outputOffset) -> {
            if (length % BLOCK != 0) {
                throw new IllegalArgumentException("not a whole number of DES blocks: " + length);
            }
            cbc.processBlocks(input, inputOffset, length / BLOCK, output, outputOffset);
        };
    }
}
