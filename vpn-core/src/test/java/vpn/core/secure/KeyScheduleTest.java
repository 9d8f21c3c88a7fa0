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
        assertEquals("bdaf4f96fdd00abc56472746f9dee35927978c487eef284c1b4fc7509d239b76",
                HEX.formatHex(secrets.clientToServer()));
        assertEquals("c0ebba6ab71cca2821162bc5e810c350393130387922988d40eac4148bc552f3",
                HEX.formatHex(secrets.serverToClient()));

        KeySchedule.EpochKeys aes256 = KeySchedule.epochKeys(secrets.clientToServer(), Vectors.provider("AES"), 256);
        assertEquals("d85e999f7f07d0332d75f51d83a2b6bcd1018d44d8cbaafe0324f532e48a0a6b", HEX.formatHex(aes256.key()));
        assertEquals("f94c0e711b2a4eb4543c03e91d67f4b7e7c524ae55d46e22079ce4eacca60793", HEX.formatHex(aes256.macKey()));
        assertEquals("b3811b7aa0537394b80a5ded57767fb7", HEX.formatHex(aes256.iv()));

        // DES takes 8 key bytes for its 56 bits: full-entropy bytes, not hex characters.
        assertEquals("c02c8f572513c065",
                HEX.formatHex(KeySchedule.epochKeys(secrets.serverToClient(), Vectors.provider("DES"), 56).key()));
        assertEquals("8529fc45527a7b2c1e896fd1ad8141dd123697c732e0eca622d75a91f794220e",
                HEX.formatHex(KeySchedule.next(secrets.clientToServer())));
    }

    @Test
    void rekeyLimitsFollowRfc4344() {
        assertEquals(1L << 16, SecureProtocol.rekeyLimitBlocks(8));
        assertEquals(1L << 32, SecureProtocol.rekeyLimitBlocks(16));
    }
}
