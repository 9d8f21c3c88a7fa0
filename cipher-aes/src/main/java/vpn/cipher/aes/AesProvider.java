package vpn.cipher.aes;

import java.security.GeneralSecurityException;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import vpn.api.CipherProvider;
import vpn.api.Direction;
import vpn.api.SessionCipher;

/**
 * AES in CBC mode. Uses the JDK's provider rather than Bouncy Castle's: its AES-CBC is an
 * AES-NI intrinsic, about 3x faster than Bouncy Castle's pure-Java engine on this hardware
 * (see docs/performance.md).
 */
public final class AesProvider implements CipherProvider {

    private static final List<Integer> KEY_SIZES = List.of(128, 192, 256);

    @Override
    public String name() {
        return "AES";
    }

    @Override
    public List<Integer> keySizes() {
        return KEY_SIZES;
    }

    @Override
    public int blockSize() {
        return 16;
    }

    @Override
    public SessionCipher newCipher(Direction direction, byte[] key, byte[] iv) {
        if (!KEY_SIZES.contains(key.length * 8)) {
            throw new IllegalArgumentException("AES takes a 16, 24 or 32-byte key, not " + key.length);
        }
        if (iv.length != blockSize()) {
            throw new IllegalArgumentException("AES-CBC takes a 16-byte IV, not " + iv.length);
        }
        Cipher cipher;
        try {
            cipher = Cipher.getInstance("AES/CBC/NoPadding");
            int mode = direction == Direction.ENCRYPT ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
            cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot run AES/CBC/NoPadding", e);
        }
        return (input, inputOffset, length, output, outputOffset) -> {
            if (length % 16 != 0) {
                throw new IllegalArgumentException("not a whole number of AES blocks: " + length);
            }
            try {
                // With NoPadding and whole blocks, update() processes everything and keeps the chain.
                cipher.update(input, inputOffset, length, output, outputOffset);
            } catch (ShortBufferException e) {
                throw new IllegalArgumentException("output buffer too short", e);
            }
        };
    }
}
