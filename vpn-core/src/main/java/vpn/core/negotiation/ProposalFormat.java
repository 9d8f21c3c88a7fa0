package vpn.core.negotiation;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;
import vpn.core.transport.Text;

/**
 * Reading the client's first message, which has no framing. Complete at once when its last entry
 * is the {@linkplain SecureModeSignal secure-mode signal}, which our clients put last; otherwise,
 * when it ends with {@code ]}, once no more bytes follow within the settle time (a proposal cut
 * right after an entry is itself a valid proposal).
 */
public final class ProposalFormat {

    private ProposalFormat() {
    }

    /**
     * Checks the bytes without making anything of them until they may be a whole proposal: the
     * reader asks after every read, and a proposal cut into one-byte segments would otherwise cost
     * a copy of everything received so far at each one (a square of its length).
     */
    public static MessageFormat<ReceivedProposal> format() {
        byte[] signalStart = (SecureModeSignal.NAME + ":[").getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = Proposal.PREFIX.getBytes(StandardCharsets.US_ASCII);
        return (buffer, length) -> {
            if (!Text.isPrintableAscii(buffer, length)) {
                return Attempt.fail(malformed("it is not ASCII text"));
            }
            if (!Arrays.equals(buffer, 0, Math.min(length, prefix.length), prefix, 0, Math.min(length, prefix.length))) {
                return Attempt.fail(malformed("it does not start with " + Proposal.PREFIX));
            }
            if (length == 0 || buffer[length - 1] != ']') {
                return Attempt.needMore();
            }
            Attempt.Decision<ReceivedProposal> decision = () -> {
                byte[] bytes = Arrays.copyOf(buffer, length);
                return new ReceivedProposal(Proposal.parse(new String(bytes, StandardCharsets.US_ASCII)), bytes);
            };
            int lastEntry = Math.max(lastIndexOf(buffer, length, (byte) ']', (byte) ',') + 2, prefix.length);
            boolean signalLast = length - lastEntry >= signalStart.length
                    && Arrays.equals(buffer, lastEntry, lastEntry + signalStart.length, signalStart, 0, signalStart.length);
            return signalLast ? Attempt.now(decision) : Attempt.settle(decision);
        };
    }

    /** Where the last {@code first second} pair in {@code buffer[0..length)} begins, or -1. */
    private static int lastIndexOf(byte[] buffer, int length, byte first, byte second) {
        for (int i = length - 2; i >= 0; i--) {
            if (buffer[i] == first && buffer[i + 1] == second) {
                return i;
            }
        }
        return -1;
    }

    private static ProtocolException malformed(String why) {
        return new ProtocolException(Reason.MALFORMED, "malformed proposal: " + why);
    }
}
