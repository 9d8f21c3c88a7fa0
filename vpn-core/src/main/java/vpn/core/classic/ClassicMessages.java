package vpn.core.classic;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.kex.DhGroup;
import vpn.core.negotiation.Choice;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.secure.SecureProtocol;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;

/**
 * The classic protocol's text messages: encoders, and {@link MessageFormat}s that tell from a
 * partial read whether the message is complete. Without framing, "complete" is inferred from the
 * message's shape; where a prefix of a message is itself well-formed, the reader waits the short
 * settle time for more (see {@link Attempt.Settle}).
 */
public final class ClassicMessages {

    public static final String KEY_SHARE_PREFIX = "DHMKE:";
    public static final String REPLY_PREFIX = "Server says: ";

    private static final String SIGNAL_ENTRY_START = SecureProtocol.SIGNAL + ":[";

    /**
     * An honest public value has fewer digits than p only by chance: fewer than this many below
     * p's count happens with probability about 10^-16. Shorter values may be a split message, so
     * the reader waits the settle time before taking them.
     */
    private static final int KEY_SHARE_DIGIT_SLACK = 16;

    private ClassicMessages() {
    }

    /** A proposal and its exact bytes (secure mode signs what was received, byte for byte). */
    public record ReceivedProposal(Proposal proposal, byte[] bytes) {
    }

    /**
     * {@code ProposedCiphers:...}: complete when it ends with {@code ]} and no more bytes follow,
     * or at once when its last entry is the secure-mode signal, which our clients put last.
     */
    public static MessageFormat<ReceivedProposal> proposalFormat() {
        return (buffer, length) -> {
            String text = ascii(buffer, length);
            if (text == null) {
                return Attempt.fail(malformed("proposal", "it is not ASCII text"));
            }
            if (!startsOrIsPrefixOf(text, Proposal.PREFIX)) {
                return Attempt.fail(malformed("proposal", "it does not start with " + Proposal.PREFIX));
            }
            if (!text.endsWith("]")) {
                return Attempt.needMore();
            }
            Attempt.Decision<ReceivedProposal> decision =
                    () -> new ReceivedProposal(Proposal.parse(text), Arrays.copyOf(buffer, length));
            // A proposal cut right after an entry is itself a valid proposal, unless it ends with the signal.
            boolean signalLast = text.startsWith(SIGNAL_ENTRY_START, text.lastIndexOf("],") + 2);
            return signalLast ? Attempt.now(decision) : Attempt.settle(decision);
        };
    }

    /** The server's answer to {@code ours}: a choice among what we proposed, or the refusal. */
    public static MessageFormat<CipherSuite> choiceFormat(Proposal ours) {
        List<String> offered = ours.offers().stream()
                .flatMap(o -> o.keySizes().stream().map(k -> Choice.encode(new CipherSuite(o.name(), k))))
                .toList();
        return (buffer, length) -> {
            String text = ascii(buffer, length);
            if (text == null) {
                return Attempt.fail(malformed("cipher choice", "it is not ASCII text"));
            }
            if (Choice.NO_COMMON_CIPHER.startsWith(text) && !text.equals(Choice.NO_COMMON_CIPHER)
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

    /** {@code DHMKE:<decimal>}: a public value of {@code group}, not yet validated. */
    public static MessageFormat<BigInteger> keyShareFormat(DhGroup group) {
        int maxDigits = group.maxDecimalDigits();
        return (buffer, length) -> {
            String text = ascii(buffer, length);
            if (text == null || !startsOrIsPrefixOf(text, KEY_SHARE_PREFIX)) {
                return Attempt.fail(malformed("DH value", "it does not start with " + KEY_SHARE_PREFIX));
            }
            if (text.length() <= KEY_SHARE_PREFIX.length()) {
                return Attempt.needMore();
            }
            String digits = text.substring(KEY_SHARE_PREFIX.length());
            if (!digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return Attempt.fail(malformed("DH value", "it is not a decimal number"));
            }
            if (digits.length() > maxDigits) {
                return Attempt.fail(new ProtocolException(Reason.OVERSIZE,
                        "the DH value has more digits (" + digits.length() + ") than the group's prime"));
            }
            BigInteger value = new BigInteger(digits);
            return digits.length() >= maxDigits - KEY_SHARE_DIGIT_SLACK
                    ? Attempt.complete(value)
                    : Attempt.settle(() -> value);
        };
    }

    /** The byte limit for a key share of {@code group}: the prefix and p's digits. */
    public static int maxKeyShareBytes(DhGroup group) {
        return KEY_SHARE_PREFIX.length() + group.maxDecimalDigits();
    }

    public static byte[] keyShare(BigInteger publicValue) {
        return (KEY_SHARE_PREFIX + publicValue).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The server's reply: {@code Server says: } and the text reversed by code point, followed by
     * as many {@code 0x00} bytes as the request's padding, as the reference server sends it.
     */
    public static byte[] reply(String received, int padding) {
        String reversed = new StringBuilder(received).reverse().toString();
        byte[] text = (REPLY_PREFIX + reversed).getBytes(StandardCharsets.UTF_8);
        return Arrays.copyOf(text, text.length + padding);
    }

    /**
     * The reply to a message we sent. Complete once it holds the whole expected reply; a
     * different reply (another server's wording) is taken when no more bytes follow. Leading and
     * trailing {@code 0x00} are stripped: the reference pads replies, and a late segment of
     * padding would otherwise start the next reply.
     */
    public static MessageFormat<String> replyFormat(String sent) {
        String expected = REPLY_PREFIX + new StringBuilder(sent).reverse();
        byte[] expectedBytes = expected.getBytes(StandardCharsets.UTF_8);
        return (buffer, length) -> {
            int start = 0;
            int end = length;
            while (start < end && buffer[start] == 0) {
                start++;
            }
            while (end > start && buffer[end - 1] == 0) {
                end--;
            }
            String text = new String(buffer, start, end - start, StandardCharsets.UTF_8);
            if (end - start == 0 || (end - start < expectedBytes.length
                    && Arrays.equals(buffer, start, end, expectedBytes, 0, end - start))) {
                return Attempt.needMore();
            }
            return text.equals(expected) ? Attempt.complete(text) : Attempt.settle(() -> text);
        };
    }

    /** Strict UTF-8, for the server's view of a decrypted message. */
    public static String utf8(byte[] bytes) throws ProtocolException {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(Reason.MALFORMED, "the message is not valid UTF-8");
        }
    }

    private static boolean startsOrIsPrefixOf(String text, String prefix) {
        return text.startsWith(prefix) || prefix.startsWith(text);
    }

    /** ASCII text, or null if a byte is outside 0x20..0x7e. */
    private static String ascii(byte[] buffer, int length) {
        for (int i = 0; i < length; i++) {
            if (buffer[i] < 0x20 || buffer[i] > 0x7e) {
                return null;
            }
        }
        return new String(buffer, 0, length, StandardCharsets.US_ASCII);
    }

    private static ProtocolException malformed(String what, String why) {
        return new ProtocolException(Reason.MALFORMED, "malformed " + what + ": " + why);
    }
}
