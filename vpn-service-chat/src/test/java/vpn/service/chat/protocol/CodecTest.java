package vpn.service.chat.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.api.service.ServiceException;
import vpn.service.chat.protocol.ClientMessage.Announce;
import vpn.service.chat.protocol.ClientMessage.Direct;
import vpn.service.chat.protocol.ClientMessage.FetchKeys;
import vpn.service.chat.protocol.ClientMessage.Keepalive;
import vpn.service.chat.protocol.ClientMessage.ListUsers;
import vpn.service.chat.protocol.ClientMessage.Say;
import vpn.service.chat.protocol.ClientMessage.Whois;
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

/** Both codecs: every message round-trips, and the decoders refuse every malformation with a ServiceException. */
class CodecTest {

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static SealedMessage sealed(int key, int textLength) {
        return new SealedMessage(filled(32, key), filled(32, 2), filled(12, 3), filled(textLength + 16, 4),
                filled(64, 5));
    }

    private static SignedSessionKey sessionKey(int key) {
        return new SignedSessionKey(filled(32, key), filled(64, 6));
    }

    static Stream<ClientMessage> clientMessages() {
        return Stream.of(
                new Announce(0, sessionKey(1)),
                new Say(1, "hello \u00e9t\u00e9 \ud83d\ude00"),
                new Say(-1, "x".repeat(ChatProtocol.MAX_LINE_BYTES)),
                new ListUsers(2),
                new Whois(3, "bob"),
                new FetchKeys(4, "b".repeat(ChatProtocol.MAX_NAME_BYTES)),
                new Direct(5, "bob", List.of(sealed(1, 1), sealed(7, ChatProtocol.MAX_LINE_BYTES))),
                new Keepalive(6));
    }

    static Stream<ServerMessage> serverMessages() {
        return Stream.of(
                new Ok(0),
                new Failure(1, FailureReason.NOT_ONLINE, "carol"),
                new Failure(2, FailureReason.RATE_LIMITED, ""),
                new Users(3, List.of("alice", "bob"), false),
                new Users(4, List.of(), false),
                new Users(4, List.of("carol"), true),
                new UserInfo(5, "bob", filled(32, 9)),
                new UserKeys(6, "bob", filled(32, 9), List.of(sessionKey(1), sessionKey(2))),
                new DeliveryReport(7, "bob", 1, 2),
                new Said("alice", "hi"),
                new Relayed("alice", filled(32, 9), sealed(1, 5)),
                new Joined("bob"),
                new Left("bob"));
    }

    @ParameterizedTest
    @MethodSource("clientMessages")
    void clientMessagesRoundTrip(ClientMessage message) throws Exception {
        byte[] encoded = ClientCodec.encode(message);
        ClientMessage decoded = ClientCodec.decode(encoded);
        assertEquals(message.getClass(), decoded.getClass());
        assertEquals(message.requestId(), decoded.requestId());
        assertArrayEquals(encoded, ClientCodec.encode(decoded));
    }

    @ParameterizedTest
    @MethodSource("serverMessages")
    void serverMessagesRoundTrip(ServerMessage message) throws Exception {
        byte[] encoded = ServerCodec.encode(message);
        ServerMessage decoded = ServerCodec.decode(encoded);
        assertEquals(message.getClass(), decoded.getClass());
        assertArrayEquals(encoded, ServerCodec.encode(decoded));
    }

    @Test
    void theFieldsSurvive() throws Exception {
        Say say = (Say) ClientCodec.decode(ClientCodec.encode(new Say(42, "hello \u00e9t\u00e9")));
        assertEquals(new Say(42, "hello \u00e9t\u00e9"), say);
        Direct direct = (Direct) ClientCodec.decode(ClientCodec.encode(new Direct(7, "bob", List.of(sealed(1, 3)))));
        assertEquals("bob", direct.recipient());
        assertArrayEquals(filled(19, 4), direct.copies().get(0).ciphertext());
        Failure failure = (Failure) ServerCodec.decode(ServerCodec.encode(new Failure(9, FailureReason.NOT_ONLINE, "carol")));
        assertEquals(new Failure(9, FailureReason.NOT_ONLINE, "carol"), failure);
        assertEquals(new Users(3, List.of("alice", "bob"), true),
                ServerCodec.decode(ServerCodec.encode(new Users(3, List.of("alice", "bob"), true))));
    }

    @Test
    void theLayoutIsTheDocumentedOne() {
        // type, request id (u32), u16 length, UTF-8
        assertArrayEquals(new byte[] {0x02, 0, 0, 1, 0, 0, 2, 'h', 'i'}, ClientCodec.encode(new Say(256, "hi")));
        assertArrayEquals(new byte[] {(byte) 0x89, 0, 3, 'b', 'o', 'b'}, ServerCodec.encode(new Joined("bob")));
        assertArrayEquals(new byte[] {(byte) 0x82, 0, 0, 0, 5, 1, 0, 1, 'c'},
                ServerCodec.encode(new Failure(5, FailureReason.NOT_ONLINE, "c")));
    }

    @Test
    void theLargestMessagesFitTheLimit() throws Exception {
        List<SealedMessage> copies = IntStream.range(0, ChatProtocol.MAX_SESSIONS_PER_USER)
                .mapToObj(i -> sealed(i, ChatProtocol.MAX_LINE_BYTES)).toList();
        String longestName = "n".repeat(ChatProtocol.MAX_NAME_BYTES);
        byte[] direct = ClientCodec.encode(new Direct(1, longestName, copies));
        List<String> page = Collections.nCopies(ChatProtocol.USERS_PER_PAGE, longestName);
        byte[] users = ServerCodec.encode(new Users(1, page, true));
        assertTrue(direct.length <= ChatProtocol.MAX_MESSAGE_BYTES, direct.length + " bytes");
        assertTrue(users.length <= ChatProtocol.MAX_MESSAGE_BYTES, users.length + " bytes");
        ClientCodec.decode(direct);
        ServerCodec.decode(users);
    }

    @ParameterizedTest
    @MethodSource("clientMessages")
    void everyTruncationAndAnyTrailingByteIsRefused(ClientMessage message) {
        byte[] encoded = ClientCodec.encode(message);
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThrows(ServiceException.class, () -> ClientCodec.decode(truncated), "truncated to " + length);
        }
        byte[] longer = Arrays.copyOf(encoded, encoded.length + 1);
        ServiceException e = assertThrows(ServiceException.class, () -> ClientCodec.decode(longer));
        assertTrue(e.getMessage().contains("1 bytes after the"), e.getMessage());
    }

    @ParameterizedTest
    @MethodSource("serverMessages")
    void theClientRefusesTruncatedAndLongerServerMessages(ServerMessage message) {
        byte[] encoded = ServerCodec.encode(message);
        for (int length = 0; length < encoded.length; length++) {
            byte[] truncated = Arrays.copyOf(encoded, length);
            assertThrows(ServiceException.class, () -> ServerCodec.decode(truncated), "truncated to " + length);
        }
        assertThrows(ServiceException.class, () -> ServerCodec.decode(Arrays.copyOf(encoded, encoded.length + 1)));
    }

    private static void refused(String expected, byte[] message) {
        ServiceException e = assertThrows(ServiceException.class, () -> ClientCodec.decode(message));
        assertTrue(e.getMessage().startsWith("malformed chat message: "), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void malformedClientMessagesAreRefusedWithTheReason() {
        refused("unknown type 0", new byte[] {0, 0, 0, 0, 1});
        refused("unknown type 129", new byte[] {(byte) 0x81, 0, 0, 0, 1});
        refused("more than " + ChatProtocol.MAX_MESSAGE_BYTES, new byte[ChatProtocol.MAX_MESSAGE_BYTES + 1]);
        refused("text is 0, not 1 to 4000", new byte[] {0x02, 0, 0, 0, 1, 0, 0});
        refused("text is 4001", new WireWriter().u8(0x02).u32(1).text("x".repeat(4001)).toByteArray());
        refused("text is not UTF-8", new byte[] {0x02, 0, 0, 0, 1, 0, 2, (byte) 0xc3, 0x28});
        refused("text is not UTF-8", new byte[] {0x02, 0, 0, 0, 1, 0, 3, (byte) 0xed, (byte) 0xa0, (byte) 0x80});
        refused("name is 65", new WireWriter().u8(0x04).u32(1).text("n".repeat(65)).toByteArray());
        refused("name is 0", new WireWriter().u8(0x05).u32(1).text("").toByteArray());
        refused("number of copies is 0", new WireWriter().u8(0x06).u32(1).text("bob").u8(0).toByteArray());
        refused("number of copies is 9", new WireWriter().u8(0x06).u32(1).text("bob").u8(9).toByteArray());
        refused("ciphertext is 16, not 17 to 4016", new WireWriter().u8(0x06).u32(1).text("bob").u8(1)
                .fixed(new byte[32]).fixed(new byte[32]).fixed(new byte[12]).bytes(new byte[16]).fixed(new byte[64])
                .toByteArray());
        List<SealedMessage> twice = new ArrayList<>(List.of(sealed(1, 1), sealed(1, 2)));
        WireWriter direct = new WireWriter().u8(0x06).u32(1).text("bob").u8(2);
        twice.forEach(c -> direct.fixed(c.recipientKey()).fixed(c.ephemeralKey()).fixed(c.nonce())
                .bytes(c.ciphertext()).fixed(c.signature()));
        refused("two copies for one session", direct.toByteArray());
    }

    @Test
    void malformedServerMessagesAreRefused() {
        assertThrows(ServiceException.class, () -> ServerCodec.decode(new byte[] {(byte) 0x82, 0, 0, 0, 1, 99, 0, 0}),
                "unknown failure reason");
        assertThrows(ServiceException.class, () -> ServerCodec.decode(
                new WireWriter().u8(0x86).u32(1).text("bob").u8(3).u8(2).toByteArray()), "3 of 2 delivered");
        assertThrows(ServiceException.class, () -> ServerCodec.decode(
                new WireWriter().u8(0x83).u32(1).u16(ChatProtocol.MAX_USERS + 1).toByteArray()), "too many users");
        assertThrows(ServiceException.class, () -> ServerCodec.decode(
                new WireWriter().u8(0x85).u32(1).text("bob").fixed(new byte[32]).u8(0).toByteArray()), "no session");
        assertThrows(ServiceException.class, () -> ServerCodec.decode(new byte[] {0x01}), "a client's type");
    }

    /** A message of exactly the limit is read (and refused only for what it holds); one byte more is refused unread. */
    @Test
    void theLimitIsCheckedAtItsExactByte() {
        byte[] atLimit = Arrays.copyOf(ClientCodec.encode(new Keepalive(7)), ChatProtocol.MAX_MESSAGE_BYTES);
        int after = ChatProtocol.MAX_MESSAGE_BYTES - 5;
        ServiceException client = assertThrows(ServiceException.class, () -> ClientCodec.decode(atLimit));
        assertEquals("malformed chat message: " + after + " bytes after the Keepalive", client.getMessage());
        byte[] serverAtLimit = Arrays.copyOf(ServerCodec.encode(new Ok(7)), ChatProtocol.MAX_MESSAGE_BYTES);
        ServiceException server = assertThrows(ServiceException.class, () -> ServerCodec.decode(serverAtLimit));
        assertEquals("malformed chat message: " + after + " bytes after the Ok", server.getMessage());
        byte[] over = new byte[ChatProtocol.MAX_MESSAGE_BYTES + 1];
        assertEquals("malformed chat message: 36865 bytes, more than 36864",
                assertThrows(ServiceException.class, () -> ServerCodec.decode(over)).getMessage());
    }

    @Test
    void aSixteenBitLengthGoesUpTo65535() {
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xff}, new WireWriter().u16(0xffff).toByteArray());
        assertArrayEquals(new byte[] {0, 0}, new WireWriter().u16(0).toByteArray());
        assertThrows(IllegalArgumentException.class, () -> new WireWriter().u16(0x10000));
        assertThrows(IllegalArgumentException.class, () -> new WireWriter().u16(-1));
    }

    /** The client reads pages of the user list until the one that says no more follow. */
    @Test
    void onlyAPageWithNoMoreAfterItIsTheLast() {
        assertTrue(new Users(1, List.of("a"), false).last());
        assertEquals(false, new Users(1, List.of("a"), true).last());
        assertTrue(new Ok(1).last());
        assertTrue(new Failure(1, FailureReason.RATE_LIMITED, "").last());
    }

    /** The log says why in words: each reason its own. */
    @Test
    void everyFailureReasonHasItsOwnWordsForTheLog() {
        assertEquals("not online", FailureReason.NOT_ONLINE.description());
        assertEquals(FailureReason.values().length,
                Arrays.stream(FailureReason.values()).map(FailureReason::description).filter(d -> !d.isEmpty()).distinct().count());
    }

    @Test
    void valuesOfTheWrongSizeCannotBeBuilt() {
        assertThrows(IllegalArgumentException.class, () -> new SignedSessionKey(new byte[31], new byte[64]));
        assertThrows(IllegalArgumentException.class,
                () -> new SealedMessage(new byte[32], new byte[32], new byte[12], new byte[16], new byte[64]));
        assertEquals(ChatProtocol.MAX_CIPHERTEXT, sealed(0, ChatProtocol.MAX_LINE_BYTES).ciphertext().length);
        assertEquals("customvpn chat v1 session key\0",
                new String(ChatProtocol.SESSION_KEY_CONTEXT, StandardCharsets.US_ASCII));
    }
}
