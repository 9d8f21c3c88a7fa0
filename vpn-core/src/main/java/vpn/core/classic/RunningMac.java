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

    private Mac mac;

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
        return hexTag(mac);
    }

    /** A copy of the running MAC, to be fed data not yet verified; the running MAC itself is unchanged. */
    Mac fork() {
        return copy(mac);
    }

    /** The tag of {@code state}, as 64 lowercase hex ASCII bytes; {@code state} is unchanged. */
    static byte[] hexTag(Mac state) {
        return HexFormat.of().formatHex(copy(state).doFinal()).getBytes(StandardCharsets.US_ASCII);
    }

    /** Moves the running MAC on to {@code state}: a {@link #fork} fed data that has since been verified. */
    void adopt(Mac state) {
        mac = state;
    }

    private static Mac copy(Mac state) {
        try {
            return (Mac) state.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("this JDK's HMAC cannot be cloned", e);
        }
    }
}
