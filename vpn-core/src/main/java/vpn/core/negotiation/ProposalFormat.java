package vpn.core.negotiation;

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

    public static MessageFormat<ReceivedProposal> format() {
        String signalStart = SecureModeSignal.NAME + ":[";
        return (buffer, length) -> {
            String text = Text.printableAscii(buffer, length);
            if (text == null) {
                return Attempt.fail(malformed("it is not ASCII text"));
            }
            if (!Text.startsOrIsPrefixOf(text, Proposal.PREFIX)) {
                return Attempt.fail(malformed("it does not start with " + Proposal.PREFIX));
            }
            if (!text.endsWith("]")) {
                return Attempt.needMore();
            }
            Attempt.Decision<ReceivedProposal> decision =
                    () -> new ReceivedProposal(Proposal.parse(text), Arrays.copyOf(buffer, length));
            int lastEntry = Math.max(text.lastIndexOf("],") + 2, Proposal.PREFIX.length());
            boolean signalLast = text.startsWith(signalStart, lastEntry);
            return signalLast ? Attempt.now(decision) : Attempt.settle(decision);
        };
    }

    private static ProtocolException malformed(String why) {
        return new ProtocolException(Reason.MALFORMED, "malformed proposal: " + why);
    }
}
