package vpn.core.negotiation;

import java.nio.charset.StandardCharsets;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;

/**
 * The server's answer to a proposal: {@code ChosenCipher:AES,256}, or the refusal text.
 * We send the comma form that the reference sends; we accept the colon form
 * ({@code ChosenCipher:AES:256}) that its description writes.
 */
public final class Choice {

    public static final String PREFIX = "ChosenCipher:";
    public static final String NO_COMMON_CIPHER = "Could not agree on a cipher";
    /** Secure mode's refusal when the client offers no key exchange the server accepts. */
    public static final String NO_COMMON_KEY_EXCHANGE = "Could not agree on a key exchange";

    private Choice() {
    }

    public static String encode(CipherSuite suite) {
        return PREFIX + suite.name() + "," + suite.keySize();
    }

    public static byte[] toBytes(CipherSuite suite) {
        return encode(suite).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Parses either form.
     *
     * @throws ProtocolException {@link Reason#NO_COMMON_CIPHER} for the refusal text,
     *     {@link Reason#MALFORMED} for anything else that is not a choice
     */
    public static CipherSuite parse(String text) throws ProtocolException {
        if (text.equals(NO_COMMON_CIPHER)) {
            throw new ProtocolException(Reason.NO_COMMON_CIPHER, NO_COMMON_CIPHER);
        }
        if (text.equals(NO_COMMON_KEY_EXCHANGE)) {
            throw new ProtocolException(Reason.NO_COMMON_KEY_EXCHANGE, NO_COMMON_KEY_EXCHANGE);
        }
        if (!text.startsWith(PREFIX)) {
            throw new ProtocolException(Reason.MALFORMED, "the server did not answer with a cipher choice");
        }
        String rest = text.substring(PREFIX.length());
        int separator = Math.max(rest.lastIndexOf(','), rest.lastIndexOf(':'));
        String size = separator < 0 ? "" : rest.substring(separator + 1);
        if (separator <= 0 || size.isEmpty() || size.length() > Proposal.MAX_KEY_SIZE_DIGITS
                || !size.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolException(Reason.MALFORMED, "malformed cipher choice");
        }
        return new CipherSuite(rest.substring(0, separator), Integer.parseInt(size));
    }
}
