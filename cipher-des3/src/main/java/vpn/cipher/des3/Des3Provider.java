package vpn.cipher.des3;

import java.util.List;
import org.bouncycastle.crypto.engines.DESedeEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.modes.CBCModeCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.KnownAnswer;
import vpn.api.SessionCipher;

/**
 * Three-key Triple DES (EDE) in CBC mode, as the newer classic peers offer it ({@code DES3:[192]}):
 * a 24-byte key (the classic derivation takes the first 24 hex characters) and an 8-byte block
 * (the IV is the last 8). 64-bit blocks: fine for a chat, not for gigabytes under one key.
 */
public final class Des3Provider implements CipherProvider {

    private static final int BLOCK = 8;

    @Override
    public String name() {
        return "DES3";
    }

    @Override
    public List<Integer> keySizes() {
        return List.of(192);
    }

    @Override
    public int blockSize() {
        return BLOCK;
    }

    /** Eric Young's DES-EDE3-CBC test vector (OpenSSL destest). */
    @Override
    public List<KnownAnswer> knownAnswers() {
        return List.of(KnownAnswer.ofHex("Eric Young, destest EDE3 CBC",
                "0123456789abcdeff1e0d3c2b5a49786fedcba9876543210", "fedcba9876543210",
                "37363534333231204e6f77206973207468652074696d6520666f722000000000",
                "3fe301c962ac01d02213763c1cbd4cdc799657c064ecf5d41c673812cfde9675"));
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        // Always give BC's CBC an explicit IV: without one it silently starts from zeros.
        CBCModeCipher cbc = CBCBlockCipher.newInstance(new DESedeEngine());
        cbc.init(direction == Direction.ENCRYPT, new ParametersWithIV(new KeyParameter(key), iv));
        return (in, inOffset, length, out, outOffset) -> cbc.processBlocks(in, inOffset, length / BLOCK, out, outOffset);
    }
}
