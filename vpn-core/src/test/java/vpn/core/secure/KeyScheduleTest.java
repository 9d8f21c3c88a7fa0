package vpn.core.secure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import vpn.core.testing.Vectors;

/**
 * Known answers for the key schedule. The HKDF primitive against RFC 5869; our labels and
 * structure against an independent computation (Python's hmac and hashlib, written from
 * docs/protocol-secure.md).
 */
class KeyScheduleTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void hkdfMatchesRfc5869TestCase1() {
        byte[] prk = KeySchedule.extract(HEX.parseHex("000102030405060708090a0b0c"), HEX.parseHex("0b".repeat(22)));
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5", HEX.formatHex(prk));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                HEX.formatHex(KeySchedule.expandRaw(prk, HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42)));
    }

    @Test
    void trafficSecretsEpochKeysAndTheRatchet() throws Exception {
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) {
            secret[i] = (byte) i;
        }
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(Vectors.ascii("custom-vpn key schedule test"));
        KeySchedule.TrafficSecrets secrets = KeySchedule.derive(secret, hash);
        assertEquals("6c4fe638a4c845f0a0ee8aaa0e0bfe033d887476fd226b8b8d6f9faa02c917b8",
                HEX.formatHex(secrets.clientToServer()));
        assertEquals("f2b7dde8b9b0c7d8af0a300c6740d3ba9f99cc0cc1fcc4268ce8e0c3cd426504",
                HEX.formatHex(secrets.serverToClient()));

        KeySchedule.EpochKeys aes256 = KeySchedule.epochKeys(secrets.clientToServer(), Vectors.provider("AES"), 256);
        assertEquals("0e857d61550bfddb2de0a23bab3ee0bbdcb1279de20591f5bc3691c02d62275a", HEX.formatHex(aes256.key()));
        assertEquals("a4f8d7a2281034d27b3e22d53a53730a31d02c2d675d28174292cfa78ef41a36", HEX.formatHex(aes256.macKey()));
        assertEquals("3ec2ce0be95984bb019bbc4e3b2be525", HEX.formatHex(aes256.iv()));

        // DES takes 8 key bytes for its 56 bits: full-entropy bytes, not hex characters.
        assertEquals("e840649fb9ede514",
                HEX.formatHex(KeySchedule.epochKeys(secrets.serverToClient(), Vectors.provider("DES"), 56).key()));
        assertEquals("db168ba3706b4b9905474efe1f6442f484822abd52f4c5ca41221e4072ecdd46",
                HEX.formatHex(KeySchedule.next(secrets.clientToServer())));
    }

    /** The record vector printed in docs/protocol-secure.md, computed there independently (Python, pycryptodome). */
    @Test
    void theDocumentedRecordVector() throws Exception {
        byte[] secret = new byte[32];
        for (int i = 0; i < 32; i++) {
            secret[i] = (byte) i;
        }
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(Vectors.ascii("custom-vpn key schedule test"));
        RecordLayer sender = new RecordLayer(Vectors.provider("AES"), 256, vpn.api.Direction.ENCRYPT,
                KeySchedule.derive(secret, hash).clientToServer());
        java.security.SecureRandom counting = new java.security.SecureRandom() {
            @Override
            public void nextBytes(byte[] bytes) {
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = (byte) i;
                }
            }
        };
        assertEquals("17000040676f5b4cb2a9550e1131b441ff5709fac33c5a74f332644c0c6a9d6f793917ac253e93f5fd4735d2d1"
                + "11352e2f0c3dac230940fcab003954712f080054fe4304",
                HEX.formatHex(sender.seal(SecureProtocol.DATA, Vectors.ascii("hello"), counting)));
    }

    /** The handshake hash: length-prefixed fields, the protocol label first. */
    @Test
    void theHandshakeHashPrefixesEveryFieldWithItsLength() throws Exception {
        byte[] a = Vectors.ascii("ab");
        byte[] c = Vectors.ascii("c");
        // Moving a byte from one field to the next must change the hash.
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(
                Handshake.hash(a, c, new byte[0], new byte[0]),
                Handshake.hash(Vectors.ascii("a"), Vectors.ascii("bc"), new byte[0], new byte[0])));
        // SHA-256(u32 24 || "CustomVPN secure mode v2" || u32 2 || "ab" || u32 1 || "c" || u32 0 || u32 0),
        // computed independently with Python's hashlib.
        assertEquals("411ef931f4f55bae981ca53a43a4b5c70facfec76a01fb1413634c63d918114d",
                HEX.formatHex(Handshake.hash(a, c, new byte[0], new byte[0])));
    }

    @Test
    void rekeyLimitsFollowRfc4344() {
        assertEquals(1L << 16, SecureProtocol.rekeyLimitBlocks(8));
        assertEquals(1L << 32, SecureProtocol.rekeyLimitBlocks(16));
    }
}
