package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.core.testing.Vectors;

class ClassicKeysTest {

    private static final String COURSE_KEY = "2e97c59d79d1b1483364113f55d92b41b7d2deb25b637416fbcf95cef4b0cb47";

    @Test
    void desTakesSevenCharactersAndAZeroByte() {
        ClassicKeys keys = ClassicKeys.derive("123456789", Vectors.provider("DES"), 56);
        assertArrayEquals(Vectors.ascii("1234567\0"), keys.key());
        assertArrayEquals(Vectors.ascii("23456789"), keys.iv());
    }

    @Test
    void courseKnownAnswers() {
        ClassicKeys aes = ClassicKeys.derive(COURSE_KEY, Vectors.provider("AES"), 128);
        assertArrayEquals(Vectors.ascii("2e97c59d79d1b148"), aes.key());
        assertArrayEquals(Vectors.ascii("fbcf95cef4b0cb47"), aes.iv());
        ClassicKeys blowfish = ClassicKeys.derive(COURSE_KEY, Vectors.provider("Blowfish"), 224);
        assertArrayEquals(Vectors.ascii("2e97c59d79d1b1483364113f55d9"), blowfish.key());
        assertArrayEquals(Vectors.ascii("f4b0cb47"), blowfish.iv());
    }

    /** Every cipher and size against the Python peer's own derivation (vectors/classic-records.txt). */
    @Test
    void everyClassicCipherAndSizeMatchesThePythonPeer() {
        String sharedKey = Vectors.lines("/vectors/classic-records.txt").get(0)[1];
        int checked = 0;
        for (String[] f : Vectors.lines("/vectors/classic-records.txt")) {
            if (!f[0].equals("cipher")) {
                continue;
            }
            CipherProvider provider = Vectors.provider(f[1]);
            ClassicKeys keys = ClassicKeys.derive(sharedKey, provider, Integer.parseInt(f[2]));
            assertEquals(f[3], HexFormat.of().formatHex(keys.key()), f[1] + f[2] + " key");
            assertEquals(f[4], HexFormat.of().formatHex(keys.iv()), f[1] + f[2] + " IV");
            checked++;
        }
        assertEquals(7, checked);
    }

    @Test
    void insecureCiphersDeriveTheirMacKeyTheSameWay() {
        ClassicKeys none = ClassicKeys.derive(COURSE_KEY, Vectors.provider("None"), 256);
        assertArrayEquals(Vectors.ascii(COURSE_KEY.substring(0, 32)), none.key());
        assertArrayEquals(Vectors.ascii("7"), none.iv());
    }

    /** The course's tests use short shared keys: one just long enough for the key and the IV is used whole. */
    @Test
    void aSharedKeyExactlyAsLongAsTheKeyAndTheIvIsEnough() {
        ClassicKeys aes = ClassicKeys.derive("0123456789abcdef", Vectors.provider("AES"), 128);
        assertArrayEquals(Vectors.ascii("0123456789abcdef"), aes.key());
        assertArrayEquals(Vectors.ascii("0123456789abcdef"), aes.iv());
        ClassicKeys des = ClassicKeys.derive("01234567", Vectors.provider("DES"), 56);
        assertArrayEquals(Vectors.ascii("0123456\0"), des.key());
        assertArrayEquals(Vectors.ascii("01234567"), des.iv());
    }

    @Test
    void aSharedKeyTooShortForTheKeyOrTheIvIsRefused() {
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> ClassicKeys.derive("0123456789abcde", Vectors.provider("AES"), 128));
        assertEquals("a 15-character shared key cannot give 16 key and 16 IV characters", key.getMessage());
        IllegalArgumentException iv = assertThrows(IllegalArgumentException.class,
                () -> ClassicKeys.derive("0123456", Vectors.provider("DES"), 56));
        assertEquals("a 7-character shared key cannot give 7 key and 8 IV characters", iv.getMessage());
    }

    @Test
    void keysPrintTheirSizesButNotTheirBytes() {
        ClassicKeys aes = ClassicKeys.derive(COURSE_KEY, Vectors.provider("AES"), 256);
        assertEquals("ClassicKeys[32-byte key, 16-byte IV: (hidden)]", aes.toString());
    }

    @Test
    void sharedKeyIsTheLowercaseHexOfSha256() {
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                ClassicKeys.sharedKeyHex(Vectors.ascii("abc")));
    }
}
