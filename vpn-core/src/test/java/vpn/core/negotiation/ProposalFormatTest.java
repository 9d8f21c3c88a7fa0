package vpn.core.negotiation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vpn.core.ProtocolException;
import vpn.core.ProtocolException.Reason;
import vpn.core.transport.Attempt;

/**
 * The server's verdict on the bytes of a proposal so far ({@link ProposalFormat}): not text or
 * not the prefix fails at once; a proposal whose last entry is the secure-mode signal is complete
 * at once; any other proposal that ends with {@code ]} waits the settle time, since more entries
 * may follow.
 */
class ProposalFormatTest {

    private static Attempt<ReceivedProposal> attempt(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        // Trailing room in the buffer, as the reader's buffer has: only the first length bytes count.
        byte[] buffer = Arrays.copyOf(bytes, bytes.length + 8);
        Arrays.fill(buffer, bytes.length, buffer.length, (byte) ']');
        return ProposalFormat.format().attempt(buffer, bytes.length);
    }

    private static ProtocolException failure(String text) {
        return assertInstanceOf(Attempt.Fail.class, attempt(text)).error();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "P", "ProposedCiphers", "ProposedCiphers:", "ProposedCiphers:AES:[128",
        "ProposedCiphers:AES:[128],", "ProposedCiphers:AES:[128],SecureModeV2:[25519"})
    void aStartThatCannotBeWholeWaitsForMore(String text) {
        assertInstanceOf(Attempt.NeedMore.class, attempt(text));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"X", "proposedCiphers:", "ProposedCipherz:AES:[128]", "ChosenCipher:AES,128"})
    void anotherPrefixFailsAtOnce(String text) {
        ProtocolException e = failure(text);
        assertEquals(Reason.MALFORMED, e.reason());
        assertEquals("malformed proposal: it does not start with ProposedCiphers:", e.getMessage());
    }

    @ParameterizedTest(name = "byte {0}")
    @ValueSource(ints = {0x00, 0x0a, 0x1b, 0x7f, 0xe9})
    void bytesThatAreNotPrintableAsciiFailAtOnce(int b) {
        ProtocolException e = failure("ProposedCiphers:AES:[128]" + (char) b);
        assertEquals(Reason.MALFORMED, e.reason());
        assertEquals("malformed proposal: it is not ASCII text", e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ProposedCiphers:AES:[128],SecureModeV2:[25519]", "ProposedCiphers:SecureModeV2:[25519,8192]",
        "ProposedCiphers:SecureModeV2:[]", "ProposedCiphers:DES:[56],AES:[],SecureModeV2:[8192]"})
    void aProposalEndingWithTheSignalIsCompleteAtOnceWithItsExactBytes(String text) throws ProtocolException {
        Attempt.Complete<ReceivedProposal> complete = assertInstanceOf(Attempt.Complete.class, attempt(text));
        assertEquals(Proposal.parse(text), complete.value().proposal());
        assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), complete.value().bytes());
    }

    /** Another entry last, or a signal of another version: more entries may follow, so the reader waits. */
    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"ProposedCiphers:AES:[128]", "ProposedCiphers:SecureModeV2:[25519],AES:[128]",
        "ProposedCiphers:AES:[128],SecureModeV1:[25519]", "ProposedCiphers:AES:[128],SecureModeV2X:[1]",
        "ProposedCiphers:AES:[128],XSecureModeV2:[1]", "ProposedCiphers:AES:[128],SecureMode:[1]"})
    void anyOtherProposalSettles(String text) throws ProtocolException {
        Attempt.Settle<ReceivedProposal> settle = assertInstanceOf(Attempt.Settle.class, attempt(text));
        ReceivedProposal received = settle.decision().decide();
        assertEquals(Proposal.parse(text), received.proposal());
        assertArrayEquals(text.getBytes(StandardCharsets.US_ASCII), received.bytes());
    }

    /** The shape is checked only once the proposal may be whole; then the parser's verdict is the answer. */
    @Test
    void aMalformedProposalIsRefusedWhenItIsDecided() {
        Attempt.Settle<ReceivedProposal> settle =
                assertInstanceOf(Attempt.Settle.class, attempt("ProposedCiphers:AES:[12x]"));
        ProtocolException e = org.junit.jupiter.api.Assertions.assertThrows(ProtocolException.class,
                () -> settle.decision().decide());
        assertEquals(Reason.MALFORMED, e.reason());
        ProtocolException now = failure("ProposedCiphers:AES:[1],AES:[2],SecureModeV2:[25519]");
        assertEquals("malformed proposal: cipher AES is offered twice", now.getMessage());
    }
}
