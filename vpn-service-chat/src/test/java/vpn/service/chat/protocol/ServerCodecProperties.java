package vpn.service.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static vpn.service.chat.protocol.ChatProtocol.MAX_LINE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_MESSAGE_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_NAME_BYTES;
import static vpn.service.chat.protocol.ChatProtocol.MAX_SESSIONS_PER_USER;
import static vpn.service.chat.protocol.ChatProtocol.USERS_PER_PAGE;
import static vpn.service.chat.protocol.ClientCodecProperties.anyLine;
import static vpn.service.chat.protocol.ClientCodecProperties.anyName;
import static vpn.service.chat.protocol.ClientCodecProperties.anySealed;
import static vpn.service.chat.protocol.ClientCodecProperties.anySessionKey;
import static vpn.service.chat.protocol.ClientCodecProperties.bytes;

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
import vpn.service.chat.protocol.ServerMessage.DeliveryReport;
import vpn.service.chat.protocol.ServerMessage.Failure;
import vpn.service.chat.protocol.ServerMessage.Joined;
import vpn.service.chat.protocol.ServerMessage.Left;
import vpn.service.chat.protocol.ServerMessage.Ok;
import vpn.service.chat.protocol.ServerMessage.Relayed;
import vpn.service.chat.protocol.ServerMessage.Said;
import vpn.service.chat.protocol.ServerMessage.UserInfo;
import vpn.service.chat.protocol.ServerMessage.UserKeys;
import vpn.service.chat.protocol.ServerMessage.Users;
import vpn.testing.Mutations;
import vpn.testing.Unicode;
import vpn.testing.Values;

/**
 * The server's messages ({@link ServerCodec}), which the client decodes as strictly as the server
 * decodes its own: every message decodes to itself; any bytes decode, in their only encoding, or
 * fail with {@link ServiceException}; a page of users holds at most 500 names and the largest
 * page fits in a message; a failure's subject is 0 to 64 bytes; a delivery report counts 1 to 8
 * copies, no more delivered than sent.
 */
class ServerCodecProperties {

    @Provide
    Arbitrary<ServerMessage> messages() {
        Arbitrary<Integer> ids = Arbitraries.integers();
        Arbitrary<Integer> totals = Arbitraries.integers().between(1, MAX_SESSIONS_PER_USER);
        return Arbitraries.oneOf(
                ids.map(Ok::new),
                Combinators.combine(ids, Arbitraries.of(FailureReason.class), Unicode.ofUtf8Bytes(0, MAX_NAME_BYTES))
                        .as(Failure::new),
                Combinators.combine(ids, anyName().list().ofMaxSize(20), Arbitraries.of(true, false))
                        .as(Users::new),
                Combinators.combine(ids, anyName(), bytes(32)).as(UserInfo::new),
                Combinators.combine(ids, anyName(), bytes(32), anySessionKey().list().ofMinSize(1).ofMaxSize(MAX_SESSIONS_PER_USER))
                        .as(UserKeys::new),
                Combinators.combine(ids, anyName(), totals).flatAs((id, name, total) -> Arbitraries.integers().between(0, total)
                        .map(delivered -> new DeliveryReport(id, name, delivered, total))),
                Combinators.combine(anyName(), anyLine()).as(Said::new),
                Combinators.combine(anyName(), bytes(32), anySealed()).as(Relayed::new),
                anyName().map(Joined::new),
                anyName().map(Left::new));
    }

    @Provide
    Arbitrary<byte[]> anyBytes() {
        return Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(200),
                Mutations.of(messages().map(ServerCodec::encode)));
    }

    @Property(tries = 500)
    void everyMessageDecodesToItself(@ForAll("messages") ServerMessage message) throws ServiceException {
        byte[] encoded = ServerCodec.encode(message);
        assertTrue(encoded.length <= MAX_MESSAGE_BYTES, encoded.length + " bytes");
        Values.assertSameValue(message, ServerCodec.decode(encoded));
    }

    @Property
    void anyBytesAreAMessageInItsOnlyEncodingOrRefused(@ForAll("anyBytes") byte[] bytes) {
        try {
            assertArrayEquals(bytes, ServerCodec.encode(ServerCodec.decode(bytes)));
        } catch (ServiceException refused) {
            assertTrue(refused.getMessage().startsWith("malformed chat message: "), refused.getMessage());
        }
    }

    /** A page of 500 names of 64 bytes, the largest the server sends, fits; 501 names are refused. */
    @Property(tries = 20)
    void pagesOfAtMost500Users(@ForAll @IntRange(min = USERS_PER_PAGE - 1, max = USERS_PER_PAGE + 1) int count,
            @ForAll @IntRange(min = 1, max = MAX_NAME_BYTES) int nameBytes) {
        List<String> names = Collections.nCopies(count, "n".repeat(nameBytes));
        WireWriter page = new WireWriter().u8(ServerCodec.USERS).u32(1).u8(0).u16(count);
        names.forEach(page::text);
        byte[] bytes = page.toByteArray();
        if (count <= USERS_PER_PAGE) {
            assertTrue(bytes.length <= MAX_MESSAGE_BYTES, bytes.length + " bytes");
            assertDecodes(bytes);
        } else {
            assertThrows(ServiceException.class, () -> ServerCodec.decode(bytes));
        }
    }

    @Property
    void failureSubjectsOfAtMost64Bytes(@ForAll @IntRange(min = 0, max = MAX_NAME_BYTES + 2) int bytes) {
        byte[] failure = new WireWriter().u8(ServerCodec.FAILURE).u32(1).u8(FailureReason.NOT_ONLINE.code())
                .text("s".repeat(bytes)).toByteArray();
        if (bytes <= MAX_NAME_BYTES) {
            assertDecodes(failure);
        } else {
            assertThrows(ServiceException.class, () -> ServerCodec.decode(failure));
        }
    }

    @Property
    void deliveryReportsOfOneTo8CopiesAtMostAllDelivered(@ForAll @IntRange(max = MAX_SESSIONS_PER_USER + 1) int total,
            @ForAll @IntRange(max = MAX_SESSIONS_PER_USER + 2) int delivered) {
        byte[] report = new WireWriter().u8(ServerCodec.DELIVERY).u32(1).text("bob").u8(delivered).u8(total).toByteArray();
        if (total >= 1 && total <= MAX_SESSIONS_PER_USER && delivered <= total) {
            assertDecodes(report);
        } else {
            assertThrows(ServiceException.class, () -> ServerCodec.decode(report));
        }
    }

    @Property
    void saidLinesOfOneTo4000Bytes(@ForAll @IntRange(min = 1, max = 4) int width,
            @ForAll @IntRange(min = MAX_LINE_BYTES - 2, max = MAX_LINE_BYTES + 2) int bytes) {
        String text = "x".repeat(bytes % width) + ClientCodecProperties.ofWidth(bytes / width, width);
        byte[] said = new WireWriter().u8(ServerCodec.SAID).text("alice").text(text).toByteArray();
        if (bytes <= MAX_LINE_BYTES) {
            assertDecodes(said);
        } else {
            assertThrows(ServiceException.class, () -> ServerCodec.decode(said));
        }
    }

    private static void assertDecodes(byte[] bytes) {
        try {
            ServerCodec.decode(bytes);
        } catch (ServiceException e) {
            throw new AssertionError("refused: " + e.getMessage(), e);
        }
    }
}
