package vpn.core.classic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import vpn.api.CipherProvider;
import vpn.core.ProtocolException;
import vpn.core.testing.Vectors;
import vpn.core.transport.Attempt;

class ClassicRecordTest {

    private static final List<String> MESSAGES = List.of("hello", "bye", "", "infosec \u00e9\u00e8 \u2713");

    /** The course's known answer: AES-256, {@code infosec}. */
    @Test
    void infosecKnownAnswer() throws Exception {
        byte[] key = Vectors.ascii("49094793659111181547021843208480");
        byte[] iv = Vectors.ascii("2442744371103948");
        byte[] expected = concat(Vectors.hex("a6d32f9a57dbb5d273b8b8c4901d6c5b"),
                Vectors.ascii("051b7f5638e3a1d0eda1fd638ec35b333cda0c4497e90b9722c70934ab40eb96"));
        ClassicKeys keys = keys("AES", key, iv);
        assertArrayEquals(expected, new ClassicRecordWriter(Vectors.provider("AES"), keys).seal(Vectors.ascii("infosec")));
        assertEquals("infosec", open(new ClassicRecordReader(Vectors.provider("AES"), keys), expected));
    }

    /** A session of four messages per classic cipher and size, sealed by the Python peer. */
    @Test
    void sealsAndOpensExactlyLikeThePythonPeer() throws Exception {
        String sharedKey = Vectors.lines("/vectors/classic-records.txt").get(0)[1];
        for (String[] f : Vectors.lines("/vectors/classic-records.txt")) {
            if (!f[0].equals("cipher")) {
                continue;
            }
            CipherProvider provider = Vectors.provider(f[1]);
            ClassicKeys keys = ClassicKeys.derive(sharedKey, provider, Integer.parseInt(f[2]));
            ClassicRecordWriter writer = new ClassicRecordWriter(provider, keys);
            ClassicRecordReader reader = new ClassicRecordReader(provider, keys);
            for (int i = 0; i < MESSAGES.size(); i++) {
                byte[] record = Vectors.hex(f[5 + i]);
                assertEquals(f[5 + i], HexFormat.of().formatHex(writer.seal(MESSAGES.get(i).getBytes(StandardCharsets.UTF_8))),
                        f[1] + f[2] + " message " + i);
                assertEquals(MESSAGES.get(i), open(reader, record), f[1] + f[2] + " message " + i);
            }
        }
    }

    /** Message 2 verifies only with the running CBC chain and the cumulative HMAC of message 1. */
    @Test
    void secondRecordNeedsTheRunningState() throws Exception {
        String sharedKey = Vectors.lines("/vectors/classic-records.txt").get(0)[1];
        String[] aes256 = Vectors.lines("/vectors/classic-records.txt").stream()
                .filter(f -> f[0].equals("cipher") && f[1].equals("AES") && f[2].equals("256")).findFirst().orElseThrow();
        CipherProvider aes = Vectors.provider("AES");
        ClassicKeys keys = ClassicKeys.derive(sharedKey, aes, 256);
        byte[] second = Vectors.hex(aes256[6]);

        // A fresh session state (as if message 1 had not happened) rejects it: the tag covers c1 || c2.
        ClassicRecordReader fresh = new ClassicRecordReader(aes, keys);
        assertInstanceOf(Attempt.Settle.class, fresh.attempt(second, second.length));

        // With the state after message 1, it verifies and decrypts.
        ClassicRecordReader running = new ClassicRecordReader(aes, keys);
        assertEquals("hello", open(running, Vectors.hex(aes256[5])));
        assertEquals("bye", open(running, second));

        // Its ciphertext block was chained on c1, not on the IV: a fresh CBC gives another block.
        byte[] alone = new ClassicRecordWriter(aes, keys).seal(Vectors.ascii("bye"));
        assertEquals(false, java.util.Arrays.equals(java.util.Arrays.copyOf(alone, 16), java.util.Arrays.copyOf(second, 16)));
    }

    @Test
    void aTamperedRecordIsRefusedBeforeDecryption() throws Exception {
        ClassicKeys keys = keys("AES", Vectors.ascii("49094793659111181547021843208480"), Vectors.ascii("2442744371103948"));
        byte[] record = new ClassicRecordWriter(Vectors.provider("AES"), keys).seal(Vectors.ascii("infosec"));
        for (int position : new int[] {0, 15, 16, 79}) {
            byte[] tampered = record.clone();
            tampered[position] ^= 1;
            Attempt<ClassicRecordReader.Verified> attempt = new ClassicRecordReader(Vectors.provider("AES"), keys).attempt(tampered, tampered.length);
            Attempt.Settle<ClassicRecordReader.Verified> settle = assertInstanceOf(Attempt.Settle.class, attempt);
            ProtocolException e = org.junit.jupiter.api.Assertions.assertThrows(ProtocolException.class, () -> settle.decision().decide());
            assertEquals(ProtocolException.Reason.BAD_TAG, e.reason());
        }
    }

    @Test
    void unalignedOrShortRecordsAreIncomplete() {
        ClassicKeys keys = keys("AES", Vectors.ascii("49094793659111181547021843208480"), Vectors.ascii("2442744371103948"));
        ClassicRecordReader reader = new ClassicRecordReader(Vectors.provider("AES"), keys);
        assertInstanceOf(Attempt.NeedMore.class, reader.attempt(new byte[63], 63));
        assertInstanceOf(Attempt.NeedMore.class, reader.attempt(new byte[70], 70));
    }

    @Test
    void xorAndNoneRoundTripAndAuthenticate() throws Exception {
        for (String name : new String[] {"XOR", "None"}) {
            CipherProvider provider = Vectors.provider(name);
            ClassicKeys keys = ClassicKeys.derive(ClassicKeys.sharedKeyHex(Vectors.ascii(name)), provider, 256);
            ClassicRecordWriter writer = new ClassicRecordWriter(provider, keys);
            ClassicRecordReader reader = new ClassicRecordReader(provider, keys);
            for (String message : MESSAGES) {
                byte[] record = writer.seal(message.getBytes(StandardCharsets.UTF_8));
                assertEquals(message.getBytes(StandardCharsets.UTF_8).length + 64, record.length, "no padding");
                assertEquals(message, open(reader, record));
            }
        }
    }

    private static ClassicKeys keys(String cipher, byte[] key, byte[] iv) {
        // The course's vectors give key and IV directly: build the hex text that derives them.
        String sharedKey = new String(key, StandardCharsets.US_ASCII) + "x".repeat(64 - key.length - iv.length)
                + new String(iv, StandardCharsets.US_ASCII);
        return ClassicKeys.derive(sharedKey, Vectors.provider(cipher), key.length * 8);
    }

    private static String open(ClassicRecordReader reader, byte[] record) throws ProtocolException {
        Attempt.Complete<ClassicRecordReader.Verified> complete =
                assertInstanceOf(Attempt.Complete.class, reader.attempt(record, record.length));
        return new String(reader.open(complete.value()).plaintext(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
