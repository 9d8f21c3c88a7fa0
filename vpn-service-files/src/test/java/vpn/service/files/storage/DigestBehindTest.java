package vpn.service.files.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Hashing on a thread of its own gives the digest hashing in place gives; giving up ends the thread. */
class DigestBehindTest {

    private static byte[] random(int length, long seed) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void theDigestIsThatOfThePrefixAndEveryChunkInOrder() throws Exception {
        MessageDigest inPlace = MessageDigest.getInstance("SHA-256");
        MessageDigest prefix = Sha256.digest();
        byte[] resumed = random(1000, 1);
        prefix.update(resumed);
        inPlace.update(resumed);
        DigestBehind behind = DigestBehind.start(prefix, "t");
        for (int i = 0; i < 3 * DigestBehind.DEPTH; i++) {
            byte[] chunk = random(65_531 - i, i);
            behind.update(chunk);
            inPlace.update(chunk);
        }
        assertArrayEquals(inPlace.digest(), behind.digest());
        assertTrue(behind.awaitHasher(Duration.ofSeconds(5)), "the thread ends with the digest");
        assertThrows(IllegalStateException.class, () -> behind.update(new byte[1]));
    }

    @Test
    void nothingHashedIsTheEmptyDigest() throws Exception {
        assertArrayEquals(Sha256.empty(), DigestBehind.start(Sha256.digest(), "t").digest());
    }

    @Test
    void givingUpEndsTheThreadEvenWithChunksWaiting() throws Exception {
        DigestBehind behind = DigestBehind.start(Sha256.digest(), "t");
        for (int i = 0; i < DigestBehind.DEPTH; i++) {
            behind.update(random(65_531, i));
        }
        behind.close();
        behind.close(); // twice is fine: an upload may be discarded after a failed write
        assertTrue(behind.awaitHasher(Duration.ofSeconds(5)), "the hashing thread ended");
        assertThrows(IllegalStateException.class, behind::digest);
    }
}
