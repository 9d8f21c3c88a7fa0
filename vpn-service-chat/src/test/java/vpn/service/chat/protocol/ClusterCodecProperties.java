package vpn.service.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vpn.service.chat.protocol.ChatProtocol.MAX_CIPHERTEXT;
import static vpn.service.chat.protocol.ChatProtocol.MAX_NAME_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_SESSIONS_PER_USER;
import static vpn.service.chat.protocol.ClientCodecProperties.anyLine;
import static vpn.service.chat.protocol.ClientCodecProperties.anyName;
import static vpn.service.chat.protocol.ClientCodecProperties.anySealed;
import static vpn.service.chat.protocol.ClientCodecProperties.anySessionKey;
import static vpn.service.chat.protocol.ClientCodecProperties.bytes;
import static vpn.service.chat.protocol.ClusterCodec.MAX_MESSAGE_BYTES;
import static vpn.service.chat.protocol.ClusterCodec.SESSIONS_PER_PAGE;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import vpn.api.service.ServiceException;
import vpn.service.chat.protocol.ClusterMessage.Gone;
import vpn.service.chat.protocol.ClusterMessage.Heartbeat;
import vpn.service.chat.protocol.ClusterMessage.Hello;
import vpn.service.chat.protocol.ClusterMessage.Relay;
import vpn.service.chat.protocol.ClusterMessage.RelayResult;
import vpn.service.chat.protocol.ClusterMessage.Said;
import vpn.service.chat.protocol.ClusterMessage.SessionJoined;
import vpn.service.chat.protocol.ClusterMessage.SessionLeft;
import vpn.service.chat.protocol.ClusterMessage.SnapshotPage;
import vpn.service.chat.protocol.ClusterMessage.SnapshotRequest;
import vpn.testing.Mutations;
import vpn.testing.Unicode;
import vpn.testing.Values;

/**
 * The servers' messages to each other on the bus ({@link ClusterCodec}): every message decodes to
 * itself; any bytes decode, in their only encoding, or fail with {@link ServiceException} (the
 * server drops them); the largest page of sessions and the largest relay fit in a message, and a
 * page of 501 sessions is refused.
 */
class ClusterCodecProperties {

    private static Arbitrary<String> nodes() {
        return Unicode.ofUtf8Bytes(1, ClusterCodec.MAX_NODE_BYTES);
    }

    private static Arbitrary<String> labels() {
        return Unicode.ofUtf8Bytes(0, ClusterCodec.MAX_LABEL_BYTES);
    }

    private static Arbitrary<String> fingerprints() {
        return Unicode.ofUtf8Bytes(0, ClusterCodec.MAX_FINGERPRINT_BYTES);
    }

    private static Arbitrary<ClusterSession> sessions() {
        return Combinators.combine(anyName(), bytes(32), anySessionKey()).as(ClusterSession::new);
    }

    @Provide
    Arbitrary<ClusterMessage> messages() {
        return Arbitraries.oneOf(
                Combinators.combine(nodes(), labels(), fingerprints()).as(Hello::new),
                Combinators.combine(nodes(), labels(), fingerprints(), Arbitraries.integers(), Arbitraries.longs())
                        .as(Heartbeat::new),
                Combinators.combine(nodes(), sessions()).as(SessionJoined::new),
                Combinators.combine(nodes(), bytes(32)).as(SessionLeft::new),
                Combinators.combine(nodes(), anyName(), anyLine()).as(Said::new),
                nodes().map(Gone::new),
                Arbitraries.oneOf(bytes(32), Arbitraries.just(null)).map(SnapshotRequest::new),
                Combinators.combine(sessions().list().ofMaxSize(20), Arbitraries.of(true, false)).as(SnapshotPage::new),
                Combinators.combine(anyName(), bytes(32), anySealed().list().ofMinSize(1).ofMaxSize(MAX_SESSIONS_PER_USER))
                        .as(Relay::new),
                Arbitraries.integers().between(0, MAX_SESSIONS_PER_USER).map(RelayResult::new));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Mutations.of(messages().map(ClusterCodec::encode)));
    }

    @Property(tries = 500)
    void everyMessageDecodesToItself(@ForAll("messages") ClusterMessage message) throws ServiceException {
        byte[] encoded = ClusterCodec.encode(message);
        assertTrue(encoded.length <= MAX_MESSAGE_BYTES, encoded.length + " bytes");
        Values.assertSameValue(message, ClusterCodec.decode(encoded));
    }

    @Property
    void anyBytesAreAMessageInItsOnlyEncodingOrRefused(@ForAll("anyBytes") byte[] bytes) {
        try {
            assertArrayEquals(bytes, ClusterCodec.encode(ClusterCodec.decode(bytes)));
        } catch (ServiceException refused) {
            String reason = refused.getMessage();
            assertTrue(reason.startsWith("malformed cluster message: ") || reason.startsWith("malformed chat message: ")
                    || reason.startsWith("cluster message of format "), reason);
        }
    }

    /** A page of 500 sessions with 64-byte names, the largest a server sends, fits; 501 are refused. */
    @Property(tries = 10)
    void pagesOfAtMost500Sessions(@ForAll @IntRange(min = SESSIONS_PER_PAGE - 1, max = SESSIONS_PER_PAGE + 1) int count) {
        ClusterSession session = new ClusterSession("n".repeat(MAX_NAME_BYTES), new byte[32],
                new SignedSessionKey(new byte[32], new byte[64]));
        WireWriter page = new WireWriter().u8(ClusterCodec.FORMAT).u8(ClusterCodec.SNAPSHOT_PAGE).u8(0).u16(count);
        for (int i = 0; i < count; i++) {
            page.text(session.name()).fixed(session.identityKey()).fixed(session.sessionKey().key())
                    .fixed(session.sessionKey().signature());
        }
        byte[] bytes = page.toByteArray();
        if (count <= SESSIONS_PER_PAGE) {
            assertTrue(bytes.length <= MAX_MESSAGE_BYTES, bytes.length + " bytes");
            assertDecodes(bytes);
        } else {
            assertThrows(ServiceException.class, () -> ClusterCodec.decode(bytes));
        }
    }

    @Property(tries = 10)
    void theLargestRelayFits(@ForAll @IntRange(min = 1, max = MAX_SESSIONS_PER_USER + 1) int copies) {
        List<SealedMessage> sealed = new ArrayList<>(Collections.nCopies(Math.min(copies, MAX_SESSIONS_PER_USER),
                new SealedMessage(new byte[32], new byte[32], new byte[12], new byte[MAX_CIPHERTEXT], new byte[64])));
        byte[] relay = ClusterCodec.encode(new Relay("n".repeat(MAX_NAME_BYTES), new byte[32], sealed));
        assertTrue(relay.length <= MAX_MESSAGE_BYTES, relay.length + " bytes");
        assertDecodes(relay);
        if (copies > MAX_SESSIONS_PER_USER) {
            relay[2 + 2 + MAX_NAME_BYTES + 32] = (byte) copies; // the count byte, one too many
            assertThrows(ServiceException.class, () -> ClusterCodec.decode(relay));
        }
    }

    @Property(tries = 20)
    void anotherFormatIsRefused(@ForAll @IntRange(min = 0, max = 255) int format) {
        byte[] gone = ClusterCodec.encode(new Gone("node"));
        gone[0] = (byte) format;
        if (format == ClusterCodec.FORMAT) {
            assertDecodes(gone);
        } else {
            ServiceException e = assertThrows(ServiceException.class, () -> ClusterCodec.decode(gone));
            assertTrue(e.getMessage().equals("cluster message of format " + format + ", this server reads 1"), e.getMessage());
        }
    }

    private static void assertDecodes(byte[] bytes) {
        try {
            ClusterCodec.decode(bytes);
        } catch (ServiceException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
