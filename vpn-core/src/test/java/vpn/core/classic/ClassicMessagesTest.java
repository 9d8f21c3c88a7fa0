package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;
import vpn.core.ProtocolException;
import vpn.core.kex.DhGroup;
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

    @Test
    void keyShareShapeErrors() {
        MessageFormat<BigInteger> format = ClassicMessages.keyShareFormat(DhGroup.MODP_8192);
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("DHMKX:12")));
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("DHMKE:12a")));
        assertInstanceOf(Attempt.Fail.class, attempt(format, Vectors.ascii("DHMKE:" + "9".repeat(2468))));
    }

    @Test
    void capturedRepliesAreTheReversalWithTheRequestsPadding() throws ProtocolException {
        List<byte[]> replies = Vectors.capture("S2C");
        assertArrayEquals(replies.get(2), ClassicMessages.reply("hello", 11));
        assertArrayEquals(replies.get(3), ClassicMessages.reply("bye", 13));
        Attempt<String> attempt = attempt(ClassicMessages.replyFormat("hello"), replies.get(2));
        assertEquals("Server says: olleh", ((Attempt.Complete<String>) assertInstanceOf(Attempt.Complete.class, attempt)).value());
    }

    @Test
    void repliesReverseByCodePoint() {
        assertArrayEquals("Server says: \ud83d\ude00ba".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                ClassicMessages.reply("ab\ud83d\ude00", 0));
    }

    @Test
    void aReplyInPiecesIsAssembled() throws ProtocolException {
        MessageFormat<String> format = ClassicMessages.replyFormat("hello");
        assertInstanceOf(Attempt.NeedMore.class, attempt(format, Vectors.ascii("Server sa")));
        // Leftover padding from the previous reply is ignored.
        assertInstanceOf(Attempt.Complete.class, attempt(format, Vectors.ascii("\0\0Server says: olleh")));
        assertEquals("Server says: something else", settled(attempt(format, Vectors.ascii("Server says: something else"))));
    }

    @Test
    void aProposalEndingAfterAnEntryMayBeComplete() throws ProtocolException {
        MessageFormat<ClassicMessages.ReceivedProposal> format = ClassicMessages.proposalFormat();
        assertInstanceOf(Attempt.NeedMore.class, attempt(format, Vectors.ascii("ProposedCiphers:DES:[5")));
        byte[] captured = Vectors.capture("C2S").get(0);
        ClassicMessages.ReceivedProposal received = settled(attempt(format, captured));
        assertEquals(3, received.proposal().offers().size());
        assertArrayEquals(captured, received.bytes());
        // Our clients put the secure-mode signal last: then the proposal is complete at once.
        assertInstanceOf(Attempt.Complete.class,
                attempt(format, Vectors.ascii("ProposedCiphers:AES:[256],SecureModeV1:[25519,8192]")));
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
