package vpn.core.classic;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.kex.DhGroup;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.Text;

/**
 * The classic protocol's text messages after the proposal: encoders, and {@link MessageFormat}s
 * that tell from a partial read whether the message is complete. Without framing, "complete" is
 * inferred from the message's shape; where a prefix of a message is itself well-formed, the reader
 * waits the short settle time for more (see {@link Attempt.Settle}).
 */
public final class ClassicMessages {

    private ClassicMessages() {
    }

    /** The server's answer to {@code ours}: a choice among what we proposed, or the refusal. */
    public static MessageFormat<CipherSuite> choiceFormat(Proposal ours) {
        List<String> offered = ours.offers().stream()
                .flatMap(o -> o.keySizes().stream().map(k -> Choice.encode(new CipherSuite(o.name(), k))))
                .toList();
        return (buffer, length) -> {
            String text = Text.printableAscii(buffer, length);
            if (text == null) {
                return Attempt.fail(malformed("cipher choice", "it is not ASCII text"));
            }
            if (isStrictPrefix(text, Choice.NO_COMMON_CIPHER) || isStrictPrefix(text, Choice.NO_COMMON_KEY_EXCHANGE)
                    || Choice.PREFIX.startsWith(text)) {
                return Attempt.needMore();
            }
            Attempt.Decision<CipherSuite> decision = () -> {
                CipherSuite suite = Choice.parse(text);
                if (!ours.offers(suite)) {
                    throw new ProtocolException(Reason.MALFORMED,
                            "the server chose " + suite.label() + ", which we did not propose");
                }
                return suite;
            };
            String canonical = commaForm(text);
            boolean cutShort = offered.stream()
                    .anyMatch(choice -> choice.length() > canonical.length() && choice.startsWith(canonical));
            if (!cutShort) {
                return Attempt.now(decision);
            }
            // "AES,12" may be "AES,128" in two segments; "AES,128" itself may still be "AES,1280".
            return offered.contains(canonical) ? Attempt.settle(decision) : Attempt.needMore();
        };
    }

    private static boolean isStrictPrefix(String text, String whole) {
        return whole.startsWith(text) && !text.equals(whole);
    }

    /** {@code ChosenCipher:AES:256} (the description's form) as {@code ChosenCipher:AES,256}. */
    private static String commaForm(String text) {
        if (!text.startsWith(Choice.PREFIX)) {
            return text;
        }
        int last = text.lastIndexOf(':');
        return last < Choice.PREFIX.length()
                ? text
                : text.substring(0, last) + "," + text.substring(last + 1);
    }

    /**
     * {@code DHMKE:<decimal>}: a public value of {@code group}, not yet validated. The digits are
     * checked as they come and made a number once: the reader asks after every read, and a value cut
     * into one-byte segments would otherwise cost a copy and a decimal conversion of all the digits so
     * far at each one.
     */
    public static MessageFormat<BigInteger> keyShareFormat(DhGroup group) {
        int maxDigits = group.maxDecimalDigits();
        byte[] prefix = ClassicProtocol.KEY_SHARE_PREFIX.getBytes(StandardCharsets.US_ASCII);
        return (buffer, length) -> {
            int compared = Math.min(length, prefix.length);
            if (!Text.isPrintableAscii(buffer, length) || !Arrays.equals(buffer, 0, compared, prefix, 0, compared)) {
                return Attempt.fail(malformed("DH value", "it does not start with " + ClassicProtocol.KEY_SHARE_PREFIX));
            }
            int digits = length - prefix.length;
            if (digits <= 0) {
                return Attempt.needMore();
            }
            for (int i = prefix.length; i < length; i++) {
                if (buffer[i] < '0' || buffer[i] > '9') {
                    return Attempt.fail(malformed("DH value", "it is not a decimal number"));
                }
            }
            if (digits > maxDigits) {
                return Attempt.fail(new ProtocolException(Reason.OVERSIZE,
                        "the DH value has more digits (" + digits + ") than the group's prime"));
            }
            Attempt.Decision<BigInteger> value =
                    () -> new BigInteger(new String(buffer, prefix.length, digits, StandardCharsets.US_ASCII));
            return digits >= maxDigits - ClassicProtocol.KEY_SHARE_DIGIT_SLACK
                    ? Attempt.now(value)
                    : Attempt.settle(value);
        };
    }

    /** The byte limit for a key share of {@code group}: the prefix and p's digits. */
    public static int maxKeyShareBytes(DhGroup group) {
        return ClassicProtocol.KEY_SHARE_PREFIX.length() + group.maxDecimalDigits();
    }

    public static byte[] keyShare(BigInteger publicValue) {
        return (ClassicProtocol.KEY_SHARE_PREFIX + publicValue).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A reply from the server, which comes in clear and unframed. Complete once it holds the whole
     * {@code expected} reply; anything else is taken when no more bytes follow within the settle
     * time. Leading and trailing {@code 0x00} are stripped: the reference pads replies, and a late
     * segment of padding would otherwise start the next reply.
     *
     * @param expected the reply the caller expects, or null when it cannot know
     */
    public static MessageFormat<byte[]> replyFormat(byte[] expected) {
        return (buffer, length) -> {
            int start = 0;
            int end = length;
            while (start < end && buffer[start] == 0) {
                start++;
            }
            while (end > start && buffer[end - 1] == 0) {
                end--;
            }
            if (end == start) {
                return Attempt.needMore();
            }
            byte[] reply = Arrays.copyOfRange(buffer, start, end);
            if (expected == null) {
                return Attempt.settle(() -> reply);
            }
            if (reply.length < expected.length && Arrays.equals(reply, 0, reply.length, expected, 0, reply.length)) {
                return Attempt.needMore();
            }
            return Arrays.equals(reply, expected) ? Attempt.complete(reply) : Attempt.settle(() -> reply);
        };
    }

    private static ProtocolException malformed(String what, String why) {
        return new ProtocolException(Reason.MALFORMED, "malformed " + what + ": " + why);
    }
}
