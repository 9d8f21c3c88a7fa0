package vpn.cipher.des;

import java.util.List;
import org.bouncycastle.crypto.engines.DESEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import vpn.api.CipherProvider;
import vpn.api.KnownAnswer;
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

    /** FIPS 81, appendix C: the CBC example ("Now is the time for all "). */
    @Override
    public List<KnownAnswer> knownAnswers() {
        return List.of(KnownAnswer.ofHex("FIPS 81 appendix C", "0123456789abcdef", "1234567890abcdef",
                "4e6f77206973207468652074696d6520666f7220616c6c20",
                "e5c7cdde872bf27c43e934008c389c0f683788499a7c05f6"));
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        // Always give BC's CBC an explicit IV: without one it silently starts from zeros.
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new DESEngine());
        cbc.init(direction == Direction.ENCRYPT, new ParametersWithIV(new KeyParameter(key), iv));
        return (in, inOffset, length, out, outOffset) -> cbc.processBlocks(in, inOffset, length / BLOCK, out, outOffset);
    }
}
