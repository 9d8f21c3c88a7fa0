package vpn.core.negotiation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import vpn.core.ProtocolException;
import vpn.core.testing.Vectors;

class ChoiceTest {

    @Test
    void sendsTheCommaFormOfTheReference() {
        assertEquals("ChosenCipher:AES,256", Choice.encode(new CipherSuite("AES", 256)));
        assertEquals(Vectors.ascii(Vectors.capture("S2C").get(0)), Choice.encode(new CipherSuite("AES", 256)));
    }

    /** The reference server's bytes, as captured, and the transcript's name of the suite. */
    @Test
    void sendsTheCapturedBytesAndNamesTheSuiteAsTheTranscriptDoes() {
        assertArrayEquals(Vectors.capture("S2C").get(0), Choice.toBytes(new CipherSuite("AES", 256)));
        assertEquals("AES256", new CipherSuite("AES", 256).label());
        assertEquals("DES56", new CipherSuite("DES", 56).label());
    }

    @Test
    void acceptsBothForms() throws ProtocolException {
        assertEquals(new CipherSuite("AES", 256), Choice.parse("ChosenCipher:AES,256"));
        assertEquals(new CipherSuite("Blowfish", 448), Choice.parse("ChosenCipher:Blowfish:448"));
    }

    @Test
    void recognisesTheRefusal() {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Choice.parse("Could not agree on a cipher"));
        assertEquals(ProtocolException.Reason.NO_COMMON_CIPHER, e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ChosenCipher:AES", "ChosenCipher:,256", "ChosenCipher:AES,", "ChosenCipher:AES,2x6", "Hello"})
    void refusesAnythingElse(String text) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> Choice.parse(text));
        assertEquals(ProtocolException.Reason.MALFORMED, e.reason());
    }
}
