package vpn.core.classic;

import java.security.GeneralSecurityException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The classic protocol's cumulative HMAC-SHA256: one MAC per session and direction, fed every
 * ciphertext in order; the tag sent with message n covers {@code c1 || ... || cn}. The JDK's
 * {@code doFinal()} resets a MAC, so tags are taken from a clone and the running state goes on.
 */
final class RunningMac {

    static final int TAG_HEX_LENGTH = 64;

    private final Mac mac;

    RunningMac(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    void update(byte[] data, int offset, int length) {
        mac.update(data, offset, length);
    }

    /** The tag over everything so far, as 64 lowercase hex ASCII bytes. */
    byte[] hexTag() {
        return hexTagWith(new byte[0], 0, 0);
    }

    /** The tag the running MAC would give after {@code data}, without feeding it. */
    byte[] hexTagWith(byte[] data, int offset, int length) {
        try {
            Mac copy = (Mac) mac.clone();
            copy.update(data, offset, length);
            return HexFormat.of().formatHex(copy.doFinal()).getBytes(StandardCharsets.US_ASCII);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JDK's HMAC cannot be cloned", e);
        }
    }
}
