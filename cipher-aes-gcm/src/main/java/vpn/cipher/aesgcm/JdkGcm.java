package vpn.cipher.aesgcm;

import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import vpn.api.AeadCipher;
import vpn.api.Direction;

/**
 * The JDK's AES/GCM/NoPadding for one direction of one epoch. The cipher object is made once and
 * re-initialised per record with that record's nonce; the JDK keeps the expanded key when the key
 * does not change.
 */
final class JdkGcm implements AeadCipher {

    private static final int TAG_BITS = TAG_LENGTH * 8;

    private final int mode;
    private final SecretKeySpec key;
    private final Cipher cipher;

    JdkGcm(Direction direction, byte[] key) {
        this.mode = direction == Direction.ENCRYPT ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE;
        this.key = new SecretKeySpec(key, "AES");
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            // Checks the key once, here. In decryption mode: the JDK refuses to encrypt twice
            // under one key and nonce, and remembers the nonce of the last encryption init.
            cipher.init(Cipher.DECRYPT_MODE, this.key, new GCMParameterSpec(TAG_BITS, new byte[NONCE_LENGTH]));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("AES-GCM refused the key: " + e.getMessage(), e);
        }
    }

    @Override
    public void seal(byte[] nonce, byte[] associatedData, byte[] input, int inputOffset, int length,
            byte[] output, int outputOffset) {
        check(Cipher.ENCRYPT_MODE);
        try {
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            cipher.doFinal(input, inputOffset, length, output, outputOffset);
        } catch (GeneralSecurityException e) {
            // Only a repeated nonce or a short buffer gets here: the core's bugs, not the peer's.
            throw new IllegalStateException("AES-GCM sealing failed: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean open(byte[] nonce, byte[] associatedData, byte[] input, int inputOffset, int length,
            byte[] output, int outputOffset) {
        check(Cipher.DECRYPT_MODE);
        if (length < TAG_LENGTH) {
            return false;
        }
        try {
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData);
            // The JDK verifies the tag before it writes any plaintext into output.
            cipher.doFinal(input, inputOffset, length, output, outputOffset);
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM opening failed: " + e.getMessage(), e);
        }
    }

    private void check(int expected) {
        if (mode != expected) {
            throw new IllegalStateException("this AES-GCM instance is for the other direction");
        }
    }
}
