package vpn.core.secure;

import java.nio.charset.StandardCharsets;
import java.util.List;
import vpn.core.testing.MitmProxy;

/** The edits the man-in-the-middle tests make to messages. */
final class MitmProxyAttacks {

    private MitmProxyAttacks() {
    }

    /** Removes the secure-mode signal from a proposal, as a downgrade attack would. */
    static List<byte[]> stripSignal(byte[] proposal) {
        String text = MitmProxy.text(proposal);
        return List.of(text.replaceAll(",SecureModeV2:\\[[0-9,]*]", "").getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Flips one bit of a record's ciphertext (the byte before the 32-byte tag). */
    static List<byte[]> flipLastCiphertextByte(byte[] frame) {
        byte[] tampered = frame.clone();
        tampered[tampered.length - SecureProtocol.TAG_LENGTH - 1] ^= 1;
        return List.of(tampered);
    }
}
