package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import vpn.core.ProtocolException;
import vpn.core.kex.DhGroup;
import vpn.core.negotiation.ProposalFormat;
import vpn.core.negotiation.ReceivedProposal;
import vpn.service.echo.EchoReply;
import vpn.core.negotiation.CipherSuite;
import vpn.core.negotiation.Proposal;
import vpn.core.testing.Vectors;
import vpn.core.transport.Attempt;
import vpn.core.transport.MessageFormat;

class ClassicMessagesTest {

    private static <T> Attempt<T> attempt(MessageFormat<T> format, byte[] bytes) {
        return format.attempt(bytes, bytes.length);
    }

    private static <T> T settled(Attempt<T> attempt) throws ProtocolException {
        return assertInstanceOf(Attempt.Settle.class, attempt) instanceof Attempt.Settle<?> s
                ? ((Attempt.Settle<T>) s).decision().decide() : null;
    }

    @Test
    void capturedKeySharesAreCompleteAtOnce() {
        for (String direction : new String[] {"C2S", "S2C"}) {
            byte[] message = Vectors.capture(direction).get(1);
            Attempt<BigInteger> attempt = attempt(ClassicMessages.keyShareFormat(DhGroup.MODP_8192), message);
            BigInteger value = assertInstanceOf(Attempt.Complete.class, attempt) instanceof Attempt.Complete<?> c
                    ? (BigInteger) c.value() : null;
            assertArrayEquals(message, ClassicMessages.keyShare(value));
        }
    }

    @Test
    void aKeyShareCutAtASegmentBoundaryWaitsForTheRest() {
        byte[] message = Vectors.capture("C2S").get(1);
        MessageFormat<BigInteger> format = ClassicMessages.keyShareFormat(DhGroup.MODP_8192);
        assertInstanceOf(Attempt.NeedMore.class, format.attempt(message, 4));
        assertInstanceOf(Attempt.NeedMore.class, format.attempt(message, 6));
        assertInstanceOf(Attempt.Settle.class, format.attempt(message, 1448));
    }

    /**
     * A value with at least p's digit count less {@link ClassicProtocol#KEY_SHARE_DIGIT_SLACK} is
     * taken at once; one digit fewer may be a cut message, so it waits the settle time.
     */
    @Test
    void aKeyShareIsCompleteAtOnceFromSixteenDigitsShortOfThePrime() throws ProtocolException {
        MessageFormat<BigInteger> format = ClassicMessages.keyShareFormat(DhGroup.MODP_8192);
        int shortest = DhGroup.MODP_8192.maxDecimalDigits() - ClassicProtocol.KEY_SHARE_DIGIT_SLACK;
        byte[] atOnce = Vectors.ascii("DHMKE:" + "7".repeat(shortest));
        Attempt.Complete<?> complete = assertInstanceOf(Attempt.Complete.class, attempt(format, atOnce));
        assertEquals(new BigInteger("7".repeat(shortest)), complete.value());
        byte[] waits = Vectors.ascii("DHMKE:" + "7".repeat(shortest - 1));
        assertEquals(new BigInteger("7".repeat(shortest - 1)), settled(attempt(format, waits)));
    }

    @Test
    void keyShareShapeErrors() {
        MessageFormat<BigInteger> format = ClassicMessages.keyShareFormat(DhGroup.MODP_8192);
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("DHMKX:12")));
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("DHMKE:12a")));
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("DHMKE:" + "9".repeat(2468))));
    }

    @Test
    void capturedRepliesAreTheEchoWithTheRequestsPadding() throws ProtocolException {
        List<byte[]> replies = Vectors.capture("S2C");
        byte[] hello = EchoReply.to(Vectors.ascii("hello"));
        assertArrayEquals(replies.get(2), java.util.Arrays.copyOf(hello, hello.length + 11));
        Attempt<byte[]> attempt = attempt(ClassicMessages.replyFormat(hello), replies.get(2));
        assertArrayEquals(Vectors.ascii("Server says: olleh"),
                ((Attempt.Complete<byte[]>) assertInstanceOf(Attempt.Complete.class, attempt)).value());
    }

    @Test
    void aReplyInPiecesIsAssembled() throws ProtocolException {
        MessageFormat<byte[]> format = ClassicMessages.replyFormat(EchoReply.to(Vectors.ascii("hello")));
        assertInstanceOf(Attempt.NeedMore.class, attempt(format, Vectors.ascii("Server sa")));
        // Leftover padding from the previous reply is ignored.
        assertInstanceOf(Attempt.Complete.class, attempt(format, Vectors.ascii("\0\0Server says: olleh")));
        assertArrayEquals(Vectors.ascii("Server says: something else"),
                settled(attempt(format, Vectors.ascii("Server says: something else"))));
        // Without an expectation, a reply is taken once no more bytes follow.
        assertArrayEquals(Vectors.ascii("anything"), settled(attempt(ClassicMessages.replyFormat(null),
                Vectors.ascii("anything\0\0"))));
    }

    @Test
    void aProposalEndingAfterAnEntryMayBeComplete() throws ProtocolException {
        MessageFormat<ReceivedProposal> format = ProposalFormat.format();
        assertInstanceOf(Attempt.NeedMore.class, attempt(format, Vectors.ascii("ProposedCiphers:DES:[5")));
        byte[] captured = Vectors.capture("C2S").get(0);
        ReceivedProposal received = settled(attempt(format, captured));
        assertEquals(3, received.proposal().offers().size());
        assertArrayEquals(captured, received.bytes());
        // Our clients put the secure-mode signal last: then the proposal is complete at once.
        assertInstanceOf(Attempt.Complete.class,
                attempt(format, Vectors.ascii("ProposedCiphers:AES:[256],SecureModeV2:[25519,8192]")));
        // A version-1 signal is an unknown cipher to this server: no shortcut, it settles like any entry.
        assertInstanceOf(Attempt.Settle.class,
                attempt(format, Vectors.ascii("ProposedCiphers:AES:[256],SecureModeV1:[25519,8192]")));
        // Split right before the signal: the prefix ends at an entry, so the reader waits for more.
        assertInstanceOf(Attempt.Settle.class, attempt(format, Vectors.ascii("ProposedCiphers:AES:[256]")));
        assertInstanceOf(Attempt.NeedMore.class, attempt(format, Vectors.ascii("ProposedCiphers:AES:[256],")));
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("GET / HTTP/1.1")));
        assertInstanceOf(Attempt.Fail.class, attempt(format, new byte[] {'P', (byte) 0xff}));
    }

    @Test
    void choicesAreCheckedAgainstWhatWeProposed() throws ProtocolException {
        Proposal ours = Proposal.of(List.of(Vectors.provider("AES"), Vectors.provider("DES")));
        MessageFormat<CipherSuite> format = ClassicMessages.choiceFormat(ours);
        assertEquals(new CipherSuite("AES", 256),
                ((Attempt.Complete<CipherSuite>) attempt(format, Vectors.ascii("ChosenCipher:AES,256"))).value());
        assertEquals(new CipherSuite("AES", 192),
                ((Attempt.Complete<CipherSuite>) attempt(format, Vectors.ascii("ChosenCipher:AES:192"))).value());
        assertInstanceOf(Attempt.NeedMore.class, attempt(format, Vectors.ascii("ChosenCipher:AES,12")));
        assertInstanceOf(Attempt.NeedMore.class, attempt(format, Vectors.ascii("Could not")));
        Attempt.Fail<?> refused = assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("Could not agree on a cipher")));
        assertEquals(ProtocolException.Reason.NO_COMMON_CIPHER, refused.error().reason());
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("ChosenCipher:Blowfish,448")));
    }
}
