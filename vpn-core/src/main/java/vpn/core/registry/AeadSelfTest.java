package vpn.core.registry;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import vpn.api.AeadCipher;
import vpn.api.AeadKnownAnswer;
import vpn.api.CipherProvider;
import vpn.api.Direction;

/**
 * The checks {@link SelfTest} runs on authenticated ciphers: each published vector seals to its bytes and opens
 * back; the same bytes with one bit changed, or under other associated data, do not open; and
 * every advertised key size round-trips a message.
 */
final class AeadSelfTest {

    private AeadSelfTest() {
    }

    static void checkVector(CipherProvider provider, AeadKnownAnswer vector, List<String> failures) {
        AeadCipher sealer = provider.newAead(Direction.ENCRYPT, vector.key());
        byte[] sealed = new byte[vector.plaintext().length + AeadCipher.TAG_LENGTH];
        sealer.seal(vector.nonce(), vector.associatedData(), vector.plaintext(), 0, vector.plaintext().length, sealed, 0);
        if (!Arrays.equals(sealed, vector.sealed())) {
            failures.add("vector " + vector.source() + ": sealing gives the wrong bytes");
        }
        AeadCipher opener = provider.newAead(Direction.DECRYPT, vector.key());
        byte[] opened = new byte[vector.plaintext().length];
        if (!opener.open(vector.nonce(), vector.associatedData(), vector.sealed(), 0, vector.sealed().length, opened, 0)
                || !Arrays.equals(opened, vector.plaintext())) {
            failures.add("vector " + vector.source() + ": opening does not give the plaintext");
        }
        byte[] tampered = vector.sealed().clone();
        tampered[tampered.length / 2] ^= 0x01;
        if (opener.open(vector.nonce(), vector.associatedData(), tampered, 0, tampered.length, opened, 0)) {
            failures.add("vector " + vector.source() + ": a changed byte still opens");
        }
        byte[] otherData = Arrays.copyOf(vector.associatedData(), vector.associatedData().length + 1);
        if (opener.open(vector.nonce(), otherData, vector.sealed(), 0, vector.sealed().length, opened, 0)) {
            failures.add("vector " + vector.source() + ": other associated data still opens");
        }
    }

    static void checkRoundTrip(CipherProvider provider, Integer keySize, List<String> failures) {
        byte[] key = new byte[provider.keyLength(keySize)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (0x31 + i * 7);
        }
        byte[] nonce = new byte[AeadCipher.NONCE_LENGTH];
        Arrays.fill(nonce, (byte) 0x5a);
        byte[] header = "self-test".getBytes(StandardCharsets.US_ASCII);
        byte[] message = "self-test: the quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        byte[] sealed = new byte[message.length + AeadCipher.TAG_LENGTH];
        provider.newAead(Direction.ENCRYPT, key).seal(nonce, header, message, 0, message.length, sealed, 0);
        byte[] opened = new byte[message.length];
        if (!provider.newAead(Direction.DECRYPT, key).open(nonce, header, sealed, 0, sealed.length, opened, 0)
                || !Arrays.equals(opened, message)) {
            failures.add("key size " + keySize + ": opening what it sealed does not give the message back");
        }
    }
}
