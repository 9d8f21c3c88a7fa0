package vpn.core.kex;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vpn.core.ProtocolException;
import vpn.core.testing.Vectors;

class DiffieHellmanTest {

    private static final DhGroup GROUP = DhGroup.MODP_8192;
    private static final BigInteger P = GROUP.p();
    private final DiffieHellman dh = new DiffieHellman(GROUP, new SecureRandom());

    @Test
    void groupIsTheRfc3526Prime() {
        assertEquals(8192, P.bitLength());
        assertTrue(P.isProbablePrime(20));
        assertEquals(2466, GROUP.maxDecimalDigits() - 1, "p has 2467 digits");
    }

    @Test
    void keyPairsUse88ByteExponentsAndBothSidesAgree() throws ProtocolException {
        DhKeyPair a = dh.generateKeyPair();
        DhKeyPair b = dh.generateKeyPair();
        assertTrue(a.privateExponent().bitLength() <= 704);
        assertEquals(GROUP.g().modPow(a.privateExponent(), P), a.publicValue());
        byte[] ab = dh.agree(a, b.publicValue());
        assertArrayEquals(ab, dh.agree(b, a.publicValue()));
        // floor(bitlength/8) + 1 bytes, as the classic peers encode the secret.
        assertEquals(new BigInteger(1, ab).bitLength() / 8 + 1, ab.length);
    }

    @Test
    void acceptsTheCapturedPublicValues() throws ProtocolException {
        for (String direction : new String[] {"C2S", "S2C"}) {
            String text = Vectors.ascii(Vectors.capture(direction).get(1));
            dh.checkPeerValue(new BigInteger(text.substring("DHMKE:".length())));
        }
    }

    static Stream<BigInteger> invalidValues() {
        BigInteger nonResidue = P.subtract(BigInteger.TWO); // -2: (-1/p)(2/p) = -1
        return Stream.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO, P.subtract(BigInteger.ONE), P,
                P.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(9000), BigInteger.valueOf(-5), nonResidue);
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void refusesUnsafePeerValues(BigInteger y) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> dh.checkPeerValue(y));
        assertEquals(ProtocolException.Reason.INVALID_KEY_SHARE, e.reason());
        assertThrows(ProtocolException.class, () -> dh.agree(dh.generateKeyPair(), y));
    }

    @Test
    void toStringHidesThePrivateExponent() throws ProtocolException {
        DhKeyPair pair = dh.generateKeyPair();
        assertTrue(!pair.toString().contains(pair.privateExponent().toString().substring(0, 12)));
    }
}
