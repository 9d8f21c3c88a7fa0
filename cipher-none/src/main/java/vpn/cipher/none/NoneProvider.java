package vpn.cipher.none;

import java.util.List;
import vpn.api.CipherProvider;
import vpn.api.KnownAnswer;
import vpn.api.Direction;
import vpn.api.SessionCipher;

/**
 * No encryption: the "ciphertext" is the plaintext. The key exchange still runs, and its key
 * still authenticates every message: the advertised key size (256 bits) is the size of the HMAC
 * key, so it is never empty. Anyone on the path reads everything; the core negotiates it only
 * when nothing else is shared.
 */
public final class NoneProvider implements CipherProvider {

    @Override
    public String name() {
        return "None";
    }

    @Override
    public List<Integer> keySizes() {
        return List.of(256);
    }

    @Override
    public int blockSize() {
        return 1;
    }

    @Override
    public boolean insecure() {
        return true;
    }

    /** Our own definition: the ciphertext is the plaintext. */
    @Override
    public List<KnownAnswer> knownAnswers() {
        return List.of(KnownAnswer.ofHex("docs/protocol-classic.md, None", "00", "00", "696e666f", "696e666f"));
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        return (input, inputOffset, length, output, outputOffset) ->
                System.arraycopy(input, inputOffset, output, outputOffset, length);
    }
}
