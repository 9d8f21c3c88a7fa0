package vpn.service.chat.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import vpn.service.chat.protocol.ClientCodec;
import vpn.service.chat.protocol.ClientMessage;
import vpn.service.chat.protocol.SealedMessage;
import vpn.service.chat.protocol.ServerCodec;
import vpn.service.chat.protocol.ServerMessage;
import vpn.service.chat.protocol.SignedSessionKey;
import vpn.service.chat.testing.TestUser;

/** Direct messages end to end: they open for the one session they were sealed for, and for nothing altered. */
class DirectMessageCryptoTest {

    private static final byte[] TEXT = "meet me at the usual place".getBytes(StandardCharsets.UTF_8);

    private final SecureRandom random = new SecureRandom();
    private final DirectMessageCrypto crypto = new DirectMessageCrypto(random);
    private final TestUser alice = TestUser.named("alice");
    private final SessionKeyPair bobSession = SessionKeyPair.generate(random);

    private SealedMessage sealed() throws VerificationException {
        return crypto.seal(alice, "alice", "bob", bobSession.publicKey(), TEXT);
    }

    private byte[] open(SealedMessage message) throws VerificationException {
        return crypto.open(bobSession, "bob", "alice", alice.publicKey(), message);
    }

    @Test
    void theRecipientSessionOpensWhatWasSealedForIt() throws Exception {
        assertArrayEquals(TEXT, open(sealed()));
    }

    @Test
    void everyMessageHasItsOwnEphemeralKeyAndNonce() throws Exception {
        SealedMessage first = sealed();
        SealedMessage second = sealed();
        assertFalse(java.util.Arrays.equals(first.ephemeralKey(), second.ephemeralKey()));
        assertFalse(java.util.Arrays.equals(first.ciphertext(), second.ciphertext()));
    }

    /** Each field of the sealed message, with a setter that makes a copy with the field replaced. */
    private record Field(String name, Function<SealedMessage, byte[]> get,
            java.util.function.BiFunction<SealedMessage, byte[], SealedMessage> with) {
    }

    private static final List<Field> FIELDS = List.of(
            new Field("recipient key", SealedMessage::recipientKey,
                    (m, v) -> new SealedMessage(v, m.ephemeralKey(), m.nonce(), m.ciphertext(), m.signature())),
            new Field("ephemeral key", SealedMessage::ephemeralKey,
                    (m, v) -> new SealedMessage(m.recipientKey(), v, m.nonce(), m.ciphertext(), m.signature())),
            new Field("nonce", SealedMessage::nonce,
                    (m, v) -> new SealedMessage(m.recipientKey(), m.ephemeralKey(), v, m.ciphertext(), m.signature())),
            new Field("ciphertext", SealedMessage::ciphertext,
                    (m, v) -> new SealedMessage(m.recipientKey(), m.ephemeralKey(), m.nonce(), v, m.signature())),
            new Field("signature", SealedMessage::signature,
                    (m, v) -> new SealedMessage(m.recipientKey(), m.ephemeralKey(), m.nonce(), m.ciphertext(), v)));

    @Test
    void flippingAnyBitOfAnyByteIsRejected() throws Exception {
        SealedMessage message = sealed();
        List<String> accepted = new ArrayList<>();
        int tried = 0;
        for (Field field : FIELDS) {
            byte[] value = field.get().apply(message);
            for (int i = 0; i < value.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    byte[] flipped = value.clone();
                    flipped[i] ^= (byte) (1 << bit);
                    SealedMessage altered = field.with().apply(message, flipped);
                    tried++;
                    try {
                        open(altered);
                        accepted.add(field.name() + "[" + i + "] bit " + bit);
                    } catch (VerificationException expected) {
                        // dropped, as it must be
                    }
                }
            }
        }
        assertEquals(List.of(), accepted);
        assertEquals(8 * (32 + 32 + 12 + TEXT.length + 16 + 64), tried);
        assertArrayEquals(TEXT, open(message), "the unaltered message still opens");
    }

    @Test
    void theNamesAndTheSenderKeyAreBound() throws Exception {
        SealedMessage message = sealed();
        assertThrows(VerificationException.class,
                () -> crypto.open(bobSession, "bob", "mallory", alice.publicKey(), message), "another sender's name");
        assertThrows(VerificationException.class,
                () -> crypto.open(bobSession, "carol", "alice", alice.publicKey(), message), "another recipient's name");
        assertThrows(VerificationException.class,
                () -> crypto.open(bobSession, "bob", "alice", TestUser.named("alice").publicKey(), message),
                "another key under the sender's name");
        assertThrows(VerificationException.class,
                () -> crypto.open(SessionKeyPair.generate(random), "bob", "alice", alice.publicKey(), message),
                "another session of the recipient");
    }

    @Test
    void aWeakSessionKeyIsRefusedRatherThanUsed() {
        VerificationException e = assertThrows(VerificationException.class,
                () -> crypto.seal(alice, "alice", "bob", new byte[32], TEXT));
        assertEquals("the session key is a weak X25519 key", e.getMessage());
    }

    @Test
    void whatTheServerRelaysHoldsNoPlaintext() throws Exception {
        SealedMessage message = sealed();
        byte[] fromAlice = ClientCodec.encode(new ClientMessage.Direct(1, "bob", List.of(message)));
        byte[] toBob = ServerCodec.encode(new ServerMessage.Relayed("alice", alice.publicKey(), message));
        for (byte[] wire : List.of(fromAlice, toBob)) {
            assertFalse(contains(wire, TEXT), "the whole text");
            for (int i = 0; i + 4 <= TEXT.length; i++) {
                byte[] piece = java.util.Arrays.copyOfRange(TEXT, i, i + 4);
                assertFalse(contains(wire, piece), "text bytes " + i + ".." + (i + 3));
            }
        }
        assertTrue(contains(toBob, "alice".getBytes(StandardCharsets.UTF_8)), "the sender's name is visible, as documented");
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void sessionKeysVerifyOnlyUnderTheirOwnersKey() {
        SignedSessionKey signed = SessionKeySignatures.sign(alice, bobSession.publicKey());
        assertTrue(SessionKeySignatures.verify(signed, alice.publicKey()));
        assertFalse(SessionKeySignatures.verify(signed, TestUser.named("alice").publicKey()));
        byte[] otherKey = bobSession.publicKey();
        otherKey[0] ^= 1;
        assertFalse(SessionKeySignatures.verify(new SignedSessionKey(otherKey, signed.signature()), alice.publicKey()));
        assertFalse(SessionKeySignatures.verify(signed, new byte[32]), "a key off the curve verifies nothing");
    }

    @Test
    void aSessionKeySignatureIsNoDirectMessageSignature() throws Exception {
        // The contexts differ, so one kind of signature cannot stand in for the other.
        SealedMessage message = sealed();
        SignedSessionKey signed = SessionKeySignatures.sign(alice, message.recipientKey());
        SealedMessage swapped = new SealedMessage(message.recipientKey(), message.ephemeralKey(), message.nonce(),
                message.ciphertext(), signed.signature());
        assertThrows(VerificationException.class, () -> open(swapped));
    }

    @Test
    void theKeyPairHidesItsPrivateHalf() {
        String shown = bobSession.toString();
        assertTrue(shown.contains("private hidden"), shown);
    }
}
