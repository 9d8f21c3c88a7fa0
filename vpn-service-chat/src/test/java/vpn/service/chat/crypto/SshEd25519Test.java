package vpn.service.chat.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The key encodings against OpenSSH's own output. */
class SshEd25519Test {

    /** {@code ssh-keygen -t ed25519}: the public key line's base64, and {@code ssh-keygen -lf}'s fingerprint. */
    private static final String WIRE = "AAAAC3NzaC1lZDI1NTE5AAAAIA+yYCHDOr3t3shGNCyKebScs3Lr48S3H7yFyA2gGW2e";
    private static final String FINGERPRINT = "SHA256:tSeIzRlHVGoq0uMZqKZvci8JeE+jKBaQF3K3lj4R5OE";

    @Test
    void theWireEncodingAndFingerprintAreOpenSshs() {
        byte[] blob = Base64.getDecoder().decode(WIRE);
        byte[] key = SshEd25519.fromWire(blob);
        assertEquals(32, key.length);
        assertArrayEquals(blob, SshEd25519.wire(key));
        assertEquals(FINGERPRINT, SshEd25519.fingerprint(key));
    }

    @Test
    void otherEncodingsAreRefused() {
        byte[] blob = Base64.getDecoder().decode(WIRE);
        assertThrows(IllegalArgumentException.class, () -> SshEd25519.fromWire(Arrays.copyOf(blob, blob.length - 1)));
        byte[] otherType = blob.clone();
        otherType[8] = 'x';
        assertThrows(IllegalArgumentException.class, () -> SshEd25519.fromWire(otherType));
        byte[] otherLength = blob.clone();
        otherLength[18] = 31;
        assertThrows(IllegalArgumentException.class, () -> SshEd25519.fromWire(otherLength));
        assertThrows(IllegalArgumentException.class, () -> SshEd25519.wire(new byte[31]));
    }
}
